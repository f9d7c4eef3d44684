// `kaiten report INPUT --out X.html [--png DIR]`: an output folder or a history as one
// self-contained HTML page of charts (docs/reports.md).
#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <system_error>

#include "commands.hpp"
#include "kaiten/core/text.hpp"
#include "kaiten/io/atomic_file.hpp"
#include "kaiten/io/chain_loader.hpp"
#include "kaiten/report/report.hpp"

namespace kaiten::app {
namespace {

int bad_input(const std::string& message) {
  std::fputs(fmt::format("kaiten report: {}\n", one_line(message)).c_str(), stderr);
  return kExitBadInput;
}

/// True when `inner` is `outer` or lies inside it (both resolved).
bool inside(const std::filesystem::path& inner, const std::filesystem::path& outer) {
  std::error_code ec;
  const auto a = std::filesystem::weakly_canonical(inner, ec);
  const auto b = std::filesystem::weakly_canonical(outer, ec);
  auto ai = a.begin();
  for (auto bi = b.begin(); bi != b.end(); ++bi, ++ai) {
    if (bi->empty()) continue;  // a trailing separator
    if (ai == a.end() || *ai != *bi) return false;
  }
  return true;
}

}  // namespace

int report_command(const ReportOptions& options) {
  namespace fs = std::filesystem;
  const auto started = std::chrono::steady_clock::now();
  std::error_code ec;
  if (options.input.empty() && options.history.empty())
    return bad_input("give a run, sweep, compare or backtest folder, or --history H.db");
  if (fs::is_directory(options.out, ec))
    return bad_input(
        fmt::format("--out {}: is a folder (give the HTML file to write)", options.out));
  if (!options.history.empty() && fs::equivalent(options.out, options.history, ec))
    return bad_input(fmt::format("--out {}: is the history itself", options.out));
  if (!options.input.empty() && inside(options.out, options.input))
    return bad_input(fmt::format(
        "--out {}: inside the input folder {} (kaiten owns that folder: write the report "
        "elsewhere)",
        options.out, options.input));
  if (!options.png_dir.empty() && !options.input.empty() && inside(options.png_dir, options.input))
    return bad_input(
        fmt::format("--png {}: inside the input folder {} (write the images elsewhere)",
                    options.png_dir, options.input));
  fs::path chromium;
  if (!options.png_dir.empty()) {
    chromium = report::find_chromium();
    if (chromium.empty())
      return bad_input(
          "--png needs headless Chromium, not found on PATH as chromium or chromium-browser "
          "(Debian package chromium, see scripts/deps.sh; or set KAITEN_CHROMIUM); the HTML "
          "report itself needs no browser");
  }
  std::map<std::string, std::string> regions;
  if (!options.chain.empty()) {
    const ChainLoadResult chain = load_chain_file(options.chain, /*load_scenarios=*/false);
    for (const LoadError& e : chain.errors)
      std::fputs(fmt::format("{}\n", one_line(e.to_string())).c_str(), stderr);
    if (!chain.ok()) return kExitBadInput;
    for (const ChainStoreDef& s : chain.chain->stores) regions[s.id] = s.region;
  }
  report::Report report;
  std::string html;
  try {
    report = options.input.empty() ? report::history_report(options.history, options.store, regions)
                                   : report::load_report(options.input);
    html = report::render_html(report);
  } catch (const report::ReportError& e) {
    return bad_input(e.what());
  }
  try {
    write_file_atomically(options.out, html);
  } catch (const IoError& e) {
    std::fputs(fmt::format("kaiten report: {}\n", one_line(e.what())).c_str(), stderr);
    return kExitFailed;
  }
  std::size_t pngs = 0;
  if (!options.png_dir.empty()) {
    try {
      pngs = report::write_pngs(chromium, options.out, report, options.png_dir).size();
    } catch (const std::exception& e) {
      std::fputs(fmt::format("kaiten report: --png: {}\n", one_line(e.what())).c_str(), stderr);
      return kExitFailed;
    }
  }
  if (!options.quiet) {
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    fmt::print("kaiten report: {} report of {} -> {} ({} charts, {} tables, {:.0f} KB, {:.2f} s)\n",
               report.kind, options.input.empty() ? options.history : options.input, options.out,
               report.charts.size(), report.tables.size(),
               static_cast<double>(html.size()) / 1024.0, seconds);
    if (pngs > 0) fmt::print("kaiten report: {} PNG files in {}\n", pngs, options.png_dir);
  }
  return kExitOk;
}

}  // namespace kaiten::app
