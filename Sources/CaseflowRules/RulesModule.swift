/// CaseflowRules: the CEL-subset expression language and decision tables.
public enum CaseflowRules {}
