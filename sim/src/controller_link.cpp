// The simulation's side of the controller interface: sensor messages out (with the scenario's
// sensor faults), commands in.
#include <algorithm>

#include "day_impl.hpp"
#include "kaiten/core/rng.hpp"

namespace kaiten::detail {

void Day::send(const SensorMessage& message) {
  commands_.clear();
  controller_->on_message(message, commands_);
  // Apply from a copy: applying a command may send further messages (and reuse the buffer).
  const std::vector<Command> commands = commands_;
  const SimTime now = time_of(message);
  for (const Command& c : commands) apply(c, now);
}

void Day::apply(const Command& command, SimTime now) {
  if (const auto* produce = std::get_if<ProduceCmd>(&command)) {
    if (produce->lane >= lanes_.size() || produce->item >= def_.menu.size()) return;
    add_kitchen_job({produce->item, produce->lane, kNone}, now);
  } else if (const auto* expire = std::get_if<ExpireCmd>(&command)) {
    if (expire->tag >= plates_.size() || !plates_[expire->tag].alive) return;
    Plate& p = plates_[expire->tag];
    p.flag_at_reading = expire->at_odometer;
    p.flag_at_time = expire->at_time;
  } else if (const auto* order = std::get_if<MakeOrderCmd>(&command)) {
    if (order->order >= orders_.size() || orders_[order->order].in_kitchen) return;
    add_kitchen_job({orders_[order->order].item, 0, order->order}, now);
  }
}

void Day::tick(const Event& e) {
  send(ClockTick{e.time, odometer_.at(e.time)});
  push(e.time + def_.controller.tick_s * kMsPerSecond, Priority::tick, EventKind::tick, 0);
}

void Day::send_reads(std::uint32_t plate_index, std::uint32_t reader, Micrometres reading,
                     SimTime now) {
  for (const auto& [from, to] : reader_outages_[reader])
    if (now >= from && now < to) return;
  // Draw both faults every time, so the stream stays aligned whatever the rates. A scenario
  // without read faults draws nothing: the stream feeds nothing else.
  const bool faulty = def_.faults.missed_read_rate > 0 || def_.faults.duplicate_read_rate > 0;
  const bool missed = faulty && uniform01(faults_rng_) < def_.faults.missed_read_rate;
  const bool duplicated = faulty && uniform01(faults_rng_) < def_.faults.duplicate_read_rate;
  if (missed) return;
  const TagRead read{now, plate_index, reader, reading};
  send(read);
  ++result_.sensor_reads_sent;
  if (duplicated && plates_[plate_index].alive) {
    send(read);
    ++result_.sensor_reads_sent;
  }
}

bool Day::flagged(const Plate& p, Micrometres reading, SimTime now) const {
  return reading >= p.flag_at_reading || now >= p.flag_at_time;
}

}  // namespace kaiten::detail
