/// The console's stylesheet: readable on a phone, visible focus, WCAG AA contrast, and the
/// process diagram's classes (the SVG's own `<style>` is left out of pages by the CSP).
enum ConsoleStyle {
    static let text = """
    :root { --ink: #1f2937; --muted: #4b5563; --line: #d1d5db; --bg: #f8fafc; --card: #fff; --accent: #1d4ed8;
      --good: #166534; --bad: #b91c1c; --warn: #92400e; }
    * { box-sizing: border-box; }
    body { margin: 0; font: 15px/1.5 "Noto Sans", "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Zen Hei",
      "DejaVu Sans", system-ui, sans-serif; color: var(--ink); background: var(--bg); }
    a { color: var(--accent); }
    a:focus, button:focus, input:focus, select:focus, textarea:focus, summary:focus { outline: 3px solid #f59e0b; outline-offset: 2px; }
    .skip { position: absolute; left: -999px; top: 0; background: #fff; padding: 8px; }
    .skip:focus { left: 8px; z-index: 10; }
    .top { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 16px; padding: 8px 16px; background: #0f172a; color: #fff; }
    .top a { color: #fff; text-decoration: none; }
    .top .brand { font-weight: 700; font-size: 18px; }
    .top nav ul { display: flex; flex-wrap: wrap; gap: 4px 14px; list-style: none; margin: 0; padding: 0; }
    .top nav a[aria-current="page"] { text-decoration: underline; text-underline-offset: 4px; }
    .signout { margin-left: auto; display: flex; align-items: center; gap: 8px; }
    .signout button { background: transparent; color: #fff; border: 1px solid #94a3b8; }
    main { padding: 16px; max-width: 1200px; margin: 0 auto; }
    h1 { font-size: 24px; margin: 8px 0 16px; }
    h2 { font-size: 18px; margin: 0 0 10px; }
    .heading-row { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 8px; }
    .card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 14px; margin: 0 0 16px; }
    .narrow { max-width: 420px; }
    .columns { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; }
    .charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 16px; }
    @media (max-width: 760px) { .columns { grid-template-columns: 1fr; } main { padding: 10px; } .signout { margin-left: 0; }
      table.stack thead { position: absolute; left: -9999px; }
      table.stack tr { display: block; border: 1px solid var(--line); border-radius: 6px; margin-bottom: 10px; background: var(--card); }
      table.stack td { display: grid; grid-template-columns: 40% 60%; border-bottom: 1px solid #eef2f7; }
      table.stack td::before { content: attr(data-label); color: var(--muted); font-size: 13px; } }
    label { display: block; font-weight: 600; margin: 6px 0 2px; }
    .inline label { display: inline; }
    input, select, textarea { font: inherit; padding: 6px 8px; border: 1px solid #6b7280; border-radius: 4px; max-width: 100%; background: #fff; color: var(--ink); }
    input[type=text], input[type=password], input[type=number], input[type=date], select, textarea { width: 100%; }
    .inline input, .inline select { width: auto; }
    button, .button { display: inline-block; font: inherit; padding: 6px 14px; border-radius: 4px; border: 1px solid var(--accent);
      background: var(--accent); color: #fff; cursor: pointer; text-decoration: none; margin: 8px 4px 0 0; }
    button.danger { background: var(--bad); border-color: var(--bad); }
    form.inline { display: inline-flex; flex-wrap: wrap; align-items: center; gap: 6px; margin: 0 0 12px; }
    .filters { display: grid; grid-template-columns: repeat(auto-fit, minmax(180px, 1fr)); gap: 8px 12px; align-items: end; margin-bottom: 16px; }
    .filters .wide { grid-column: 1 / -1; }
    fieldset { border: 0; padding: 0; margin: 0; }
    legend { font-weight: 700; margin-bottom: 4px; }
    .field { margin-bottom: 8px; }
    .help, .sub { color: var(--muted); font-size: 13px; }
    .req { color: var(--bad); font-weight: 400; font-size: 13px; }
    .scroll { overflow-x: auto; }
    table { border-collapse: collapse; width: 100%; }
    th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
    thead th { background: #eef2f7; }
    tr.overdue td { background: #fef2f2; }
    .nowrap { white-space: nowrap; }
    .mono, code { font-family: "DejaVu Sans Mono", monospace; font-size: 13px; }
    dl.header { display: grid; grid-template-columns: repeat(auto-fit, minmax(160px, 1fr)); gap: 8px 16px; margin: 0 0 16px; }
    dl.header dt { color: var(--muted); font-size: 13px; }
    dl.header dd { margin: 0; font-weight: 600; }
    .badge { display: inline-block; padding: 0 8px; border-radius: 10px; background: #e5e7eb; font-size: 13px; }
    .badge.good { background: #dcfce7; color: var(--good); } .badge.bad { background: #fee2e2; color: var(--bad); }
    .badge.warn { background: #fef3c7; color: var(--warn); } .badge.muted { color: var(--muted); }
    .good { color: var(--good); } .bad { color: var(--bad); }
    .error { color: var(--bad); background: #fef2f2; border: 1px solid #fecaca; padding: 8px 12px; border-radius: 6px; }
    div.good { background: #f0fdf4; border: 1px solid #bbf7d0; padding: 8px 12px; border-radius: 6px; }
    .notice { background: #eff6ff; border: 1px solid #bfdbfe; padding: 8px 12px; border-radius: 6px; }
    .empty { color: var(--muted); font-style: italic; }
    .live { color: var(--muted); font-size: 13px; }
    ul.cards, ul.inbox { list-style: none; padding: 0; }
    li.unread { border-left: 4px solid var(--accent); }
    .instructions { background: #fffbeb; border: 1px solid #fde68a; border-radius: 6px; padding: 8px 12px; margin-bottom: 12px; }
    .doc table { margin: 8px 0; } .doc pre { overflow-x: auto; background: #f1f5f9; padding: 8px; }
    pre { white-space: pre-wrap; }
    .report h1 { font-size: 20px; } .report h2 { font-size: 17px; margin-top: 24px; border-top: 1px solid var(--line); padding-top: 10px; }
    .report h3 { font-size: 15px; margin: 16px 0 6px; } .report .meta { color: var(--muted); font-size: 13px; }
    .report .charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 12px 24px; }
    .report figure { margin: 0; background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 8px; }
    .report figcaption { font-weight: 600; font-size: 14px; margin-bottom: 4px; } .report svg { width: 100%; height: auto; }
    .report table { font-size: 13px; margin: 4px 0 8px; display: block; overflow-x: auto; } .report td.n, .report th.n { text-align: right; }
    .report .miss { color: #c2410c; font-weight: 600; } .report .met { color: var(--good); }
    .diagram { overflow-x: auto; }
    .diagram svg { display: block; width: 100%; max-width: 620px; height: auto; margin: 0 auto; }
    """
}
