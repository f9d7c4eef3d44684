#include "progress.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>

namespace kaiten::app {

using Clock = std::chrono::steady_clock;

std::string format_duration(double seconds) {
  const auto s = static_cast<long>(seconds + 0.5);
  if (s >= 3600) return fmt::format("{}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60);
  return fmt::format("{}:{:02}", s / 60, s % 60);
}

Progress::Progress(long total, std::string unit, bool enabled)
    : total_(total), unit_(std::move(unit)), enabled_(enabled), start_(Clock::now()) {}

bool Progress::on_terminal() {
  return isatty(STDERR_FILENO) != 0;
}

void Progress::tick(bool done_now) {
  set(done_ + 1, done_now);
}

void Progress::set(long finished, bool done_now) {
  if (done_now) done_now_ += finished - done_;
  done_ = finished;
  draw();
}

void Progress::draw() {
  if (!enabled_) return;
  const auto now = Clock::now();
  if (done_ < total_ && now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  const long left = total_ - done_;
  const double per_unit = done_now_ > 0 ? elapsed / static_cast<double>(done_now_) : 0.0;
  constexpr long kWidth = 30;
  const long filled = total_ > 0 ? done_ * kWidth / total_ : kWidth;
  fmt::print(
      stderr, "\r[{}{}] {}/{} {}  {:3}%  {}/s  {} elapsed  ETA {}   ",
      std::string(static_cast<std::size_t>(filled), '#'),
      std::string(static_cast<std::size_t>(kWidth - filled), '-'), done_, total_, unit_,
      total_ > 0 ? done_ * 100 / total_ : 100,
      elapsed > 0 ? fmt::format("{:.2f}", static_cast<double>(done_now_) / elapsed)
                  : std::string("-"),
      format_duration(elapsed),
      done_now_ > 0 ? format_duration(per_unit * static_cast<double>(left)) : std::string("--:--"));
  std::fflush(stderr);
}

void Progress::finish() {
  if (enabled_) fmt::print(stderr, "\n");
}

}  // namespace kaiten::app
