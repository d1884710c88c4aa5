import CaseflowModel

/// CaseflowEngine: runs cases against their definitions. Pure and deterministic.
public enum CaseflowEngine {}
