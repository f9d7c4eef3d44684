#include "kaiten/core/sensor.hpp"

namespace kaiten {

SimTime time_of(const SensorMessage& message) {
  return std::visit([](const auto& m) { return m.time; }, message);
}

}  // namespace kaiten
