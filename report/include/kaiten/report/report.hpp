#pragma once
// HTML reports of kaiten's output folders: a run folder (`kaiten run --out DIR`) or a sweep folder
// (`kaiten sweep --out DIR`) becomes one self-contained HTML file of charts (Chart.js, inlined)
// and tables, for reading, sharing and keeping (docs/reports.md). Building a report only reads
// the folder; render_html() is a pure function, so the same folder gives the same bytes.
#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace kaiten::report {

/// An input that cannot be reported on: a missing folder, a folder of another kind, a file or
/// column missing or malformed. what() names the file and, where it applies, the field.
struct ReportError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// A table of text cells (the headline measures and their definitions).
struct Table {
  std::string title;
  std::string caption;  ///< one line: how to read it
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
};

/// One chart: a Chart.js configuration (JSON text: type, data, options) with the page's own
/// conventions (docs/reports.md): `kaitenClock` on a scale formats its values, minutes since
/// midnight, as HH:MM; `kaitenBand` on a dataset hides it from the legend (a 95 % band's edge);
/// `kaitenErrorBars` on a dataset draws each point's `yLow..yHigh` and `xLow..xHigh` as bars.
struct Chart {
  std::string id;       ///< unique in the report, [a-z0-9_]; also the PNG's file name
  std::string title;    ///< also drawn as the chart's title
  std::string caption;  ///< one line under the chart: how to read it
  std::string config_json;
};

/// What a report holds, before it is rendered.
struct Report {
  /// "run", "sweep", "compare", "backtest", "purchasing", "history" or "chain"
  std::string kind;
  std::string title;
  std::string subtitle;            ///< scenario, seed, overrides
  std::vector<Table> tables;       ///< shown before the charts
  std::vector<Chart> charts;       ///< in reading order
  std::vector<std::string> notes;  ///< what the folder could not show, and why
};

/// The kind of output folder at `dir`: "run" (summary.json), "sweep" (sweep.json and
/// means.csv), "backtest" (backtest.json), "purchasing" (chain_backtest.json) or "compare"
/// (compare.json). Throws ReportError when
/// `dir` is missing, not a folder, or neither kind.
std::string folder_kind(const std::filesystem::path& dir);

/// The day at a glance, from a run folder. Throws ReportError naming a missing or bad file/field.
Report run_report(const std::filesystem::path& dir);

/// Each measure per grid point with its 95 % interval, and the trade-offs, from a sweep folder.
Report sweep_report(const std::filesystem::path& dir);

/// Each measure per policy with its 95 % interval, the paired differences against the baseline
/// (as % of its mean, with a verdict) and the waste / found-on-belt trade-off, from a comparison
/// folder (`kaiten compare --out`).
Report compare_report(const std::filesystem::path& dir);

/// Each forecasting model's error against seasonal naive, its interval coverage, the paired
/// comparisons and the per-item errors, from a backtest folder (`kaiten backtest --out`).
Report backtest_report(const std::filesystem::path& dir);

/// Each distribution centre's pooled orders against its stores' own and fixed par levels, from a
/// chain purchasing backtest folder (`kaiten backtest --chain --out`).
Report purchasing_report(const std::filesystem::path& dir);

/// Sales, waste and stock-outs per day, per item and per weekday of one store of a sales history
/// (SQLite, `kaiten batch --history`), with next-day forecasts against sales and ingredient
/// orders against need. `store` empty: the history's only store, or with several stores
/// chain_history_report(). Throws ReportError (missing file, not a history, unknown store).
/// `regions` (store id -> region, from the chain file) adds the per-region view to a chain report.
Report history_report(const std::filesystem::path& db, const std::string& store,
                      const std::map<std::string, std::string>& regions = {});

/// Every store of a chain history (`kaiten chain batch`) side by side: ranked by waste rate and
/// by gross margin per day, and waste against margin. Throws ReportError.
/// With `regions` (store id -> region), also each region's totals, and the stores coloured by it.
Report chain_history_report(const std::filesystem::path& db,
                            const std::map<std::string, std::string>& regions = {});

/// run_report(), sweep_report(), compare_report(), backtest_report() or purchasing_report(), by
/// folder_kind().
Report load_report(const std::filesystem::path& dir);

/// The report as one HTML page: data, Chart.js, script and styles inline; no network fetch.
/// When drawn, the page sets `data-charts-drawn` on <body> to the number of charts that drew marks
/// and `data-charts-total` to the number of charts; opened with the fragment `#png`, it also puts
/// each chart's PNG, as a data: URL, in an element `<pre id="png-ID">`.
std::string render_html(const Report& report);

/// `json` made safe inside an HTML <script> element: every '<', '>', '&' and U+2028/U+2029 is
/// written as a JSON \u escape, so no "</script>" or "<!--" can end or change the element.
/// The result parses to the same JSON value.
std::string script_safe_json(std::string_view json);

/// Chart.js (Debian libjs-chart.js, chart.min.js), as compiled into the binary.
std::string_view chartjs_source();

/// The Chart.js version embedded, e.g. "3.9.1" (read from its banner), or "" if not found.
std::string chartjs_version();

/// Bytes decoded from standard base64 (RFC 4648, padding optional). Throws ReportError on a
/// character outside the alphabet.
std::string decode_base64(std::string_view text);

/// The headless browser for --png: $KAITEN_CHROMIUM if set, else `chromium` or
/// `chromium-browser` on $PATH; empty if none.
std::filesystem::path find_chromium();

/// Writes each chart of the page at `html` (rendered from `report`) as DIR/ID.png, by opening
/// the page in headless `chromium` with `#png`. Throws ReportError when chromium fails or a
/// chart's image is missing; std::runtime_error (IoError) when a file cannot be written.
/// Returns the files written.
std::vector<std::filesystem::path> write_pngs(const std::filesystem::path& chromium,
                                              const std::filesystem::path& html,
                                              const Report& report,
                                              const std::filesystem::path& dir);

}  // namespace kaiten::report
