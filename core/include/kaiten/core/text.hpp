#pragma once
// Text from users and files, made safe to keep and to show: ids must be valid UTF-8 (they go
// into SQLite, JSON and CSV), and anything echoed in a message must stay on one line.
#include <string>
#include <string_view>

namespace kaiten {

/// True when `text` is well-formed UTF-8 (no stray bytes, overlong forms or surrogates).
bool valid_utf8(std::string_view text);

/// `text` on one line and in valid UTF-8: backslashes doubled, control characters written as
/// \n, \r, \t or \xHH, and so is every byte that is not part of a well-formed UTF-8 character.
std::string one_line(std::string_view text);

}  // namespace kaiten
