#include "kaiten/core/text.hpp"

#include <fmt/format.h>
#include <boost/locale/utf.hpp>

namespace kaiten {
namespace {

using Utf8 = boost::locale::utf::utf_traits<char>;

bool well_formed(boost::locale::utf::code_point c) {
  return c != boost::locale::utf::illegal && c != boost::locale::utf::incomplete;
}

std::string hex_byte(char c) {
  return fmt::format("\\x{:02x}", static_cast<unsigned>(static_cast<unsigned char>(c)));
}

}  // namespace

bool valid_utf8(std::string_view text) {
  auto it = text.begin();
  while (it != text.end())
    if (!well_formed(Utf8::decode(it, text.end()))) return false;
  return true;
}

std::string one_line(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  auto it = text.begin();
  while (it != text.end()) {
    const auto start = it;
    if (!well_formed(Utf8::decode(it, text.end()))) {
      out += hex_byte(*start);  // one stray byte; decoding resumes at the next
      it = start + 1;
      continue;
    }
    if (it - start > 1) {
      out.append(start, it);  // a character beyond ASCII, as it is
      continue;
    }
    const char c = *start;
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      out += hex_byte(c);
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace kaiten
