#include "kaiten/core/text.hpp"

#include <gtest/gtest.h>

namespace kaiten {
namespace {

TEST(Utf8, AcceptsWellFormedText) {
  for (const char* good :
       {"", "ginza", "\xe9\x8a\x80\xe5\xba\xa7" /* 銀座 */, "\xf0\x9f\x8d\xa3" /* U+1F363 sushi */,
        "\xf4\x8f\xbf\xbf" /* U+10FFFF */, "caf\xc3\xa9"})
    EXPECT_TRUE(valid_utf8(good)) << good;
}

TEST(Utf8, RejectsStrayOverlongSurrogateAndCutBytes) {
  for (const char* bad :
       {"\xff", "abc\x80", "\xc0\xaf" /* overlong '/' */, "\xe0\x80\xaf" /* overlong '/' */,
        "\xed\xa0\x80" /* U+D800 */, "\xf4\x90\x80\x80" /* past U+10FFFF */,
        "\xe9\x8a" /* cut short */, "ginza\xe9"})
    EXPECT_FALSE(valid_utf8(bad)) << one_line(bad);
}

TEST(OneLine, EscapesLineBreaksControlsAndBackslashes) {
  EXPECT_EQ(one_line("a\nb"), "a\\nb");
  EXPECT_EQ(one_line("a\r\nb\tc"), "a\\r\\nb\\tc");
  EXPECT_EQ(one_line(std::string_view("\x01\x7f\0", 3)), "\\x01\\x7f\\x00");
  EXPECT_EQ(one_line("C:\\dir"), "C:\\\\dir");
  EXPECT_EQ(one_line("caf\xc3\xa9 ok"), "caf\xc3\xa9 ok");  // characters beyond ASCII kept
}

TEST(OneLine, EscapesBytesThatAreNotUtf8) {
  EXPECT_EQ(one_line("a\xff"
                     "b"),
            "a\\xffb");
  EXPECT_EQ(one_line("\xe9\x8a"
                     "x"),
            "\\xe9\\x8ax");                       // a character cut short
  EXPECT_EQ(one_line("\xc0\xaf"), "\\xc0\\xaf");  // overlong
  EXPECT_TRUE(valid_utf8(one_line("\xff\xfe\xed\xa0\x80")));
}

}  // namespace
}  // namespace kaiten
