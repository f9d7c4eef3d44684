#pragma once
// Checks of the paths and ids on a command line, made before anything is read or written. Each
// prints every problem as "kaiten COMMAND: ..." on stderr and returns false if there was one;
// the command then exits 2 (bad input).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kaiten/headoffice/date.hpp"
#include "kaiten/headoffice/history.hpp"
#include "kaiten/headoffice/purchasing.hpp"
#include "kaiten/io/chain_loader.hpp"
#include "kaiten/io/scenario_loader.hpp"

namespace kaiten::app {

/// Every path is a file that opens for reading: not missing, not a directory.
bool check_inputs(std::string_view command, const std::vector<std::string>& paths);

/// A file that is read when it exists and created otherwise (a sales history): when it exists it
/// must be a readable file.
bool check_input_if_present(std::string_view command, const std::string& path);

/// The output `path` given by `option` (empty: nothing written) is none of `inputs`, and
/// neither is any of `files`, the files written in it when it is a directory: an input is never
/// overwritten. Files are compared on disk, so other spellings and links of a path are caught.
bool check_output(std::string_view command, std::string_view option, const std::string& path,
                  const std::vector<std::string>& inputs,
                  const std::vector<std::string>& files = {});

/// `--broker URL` and `--store ID` of a live command (docs/live.md): false after saying what is
/// wrong with either.
bool check_live_target(std::string_view command, const std::string& broker,
                       const std::string& store);

/// The `--set PATH=VALUE` options in order, or nullopt after naming each one that is malformed or
/// names no scenario key ("kaiten COMMAND: --set TEXT: no scenario key ...; did you mean ...?").
std::optional<std::vector<ScenarioOverride>> parse_overrides(std::string_view command,
                                                             const std::vector<std::string>& sets);

/// "PATH=VALUE" of each override, as outputs record them.
std::vector<std::string> override_texts(const std::vector<ScenarioOverride>& overrides);

/// A store id given by `option` is valid UTF-8 (it goes into SQLite, CSV and JSON).
bool check_store_id(std::string_view command, std::string_view option, const std::string& store);

/// The store `requested` by --store (empty: the history's only store), or nullopt after saying
/// which stores the history holds. Throws HistoryError when the history cannot be read.
std::optional<std::string> resolve_store_option(std::string_view command,
                                                const headoffice::HistoryStore& history,
                                                const std::string& requested);

/// The date `text` given by `option`, or nullopt after saying what is wrong: not YYYY-MM-DD, not
/// a day of the calendar, or outside the dates a history holds (Date::earliest() to latest()).
std::optional<headoffice::Date> parse_date_option(std::string_view command, std::string_view option,
                                                  const std::string& text);

/// The last day of `days` consecutive days from `first`, or nullopt after saying that it would be
/// past Date::latest() (`what` names the range in the message, e.g. "--start 9999-12-30 --days 3").
std::optional<headoffice::Date> last_of_days(std::string_view command, const std::string& what,
                                             headoffice::Date first, std::int64_t days);

/// A chain file as head office sees it: the file, and each store's region, centre and lead time.
struct HeadOfficeChain {
  ChainDef chain;
  std::vector<headoffice::ChainStoreRef> refs;
  /// Store j's catalogue with its centre's own ingredient costs put in (docs/headoffice.md).
  void apply_centre_costs(std::size_t store, headoffice::Catalogue& catalogue) const;
};

/// The chain file (without loading the stores' scenarios), each store present in `history`;
/// errors printed (file:line:col, or the store missing from the history).
std::optional<HeadOfficeChain> load_chain_refs(std::string_view command, const std::string& chain,
                                               const headoffice::HistoryStore& history);

}  // namespace kaiten::app
