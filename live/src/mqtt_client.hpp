#pragma once
// The MQTT client behind MqttLink, as the module libkaiten_mqtt.so (paho_client.cpp) gives it:
// only the live commands load the module and, with it, Paho and its TLS libraries. Nothing
// throws across the module's edge: failures come back as messages.
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "kaiten/live/mqtt_link.hpp"

namespace kaiten {

class MqttClient {
 public:
  virtual ~MqttClient() = default;
  /// Connects, retrying until `timeout`: empty, or why the broker never answered.
  virtual std::string start(std::chrono::milliseconds timeout) = 0;
  virtual bool publish(const std::string& topic, const std::string& payload, bool retained) = 0;
  virtual bool next(LinkMessage& out, std::chrono::milliseconds wait) = 0;
  virtual std::uint64_t connections() const = 0;
  virtual bool connected() const = 0;
  virtual void stop(std::chrono::milliseconds timeout) = 0;
};

/// The module's one entry point: a client for `url` (tcp://HOST:PORT) that subscribes to
/// `subscriptions` on every connection, or nullptr with `*error` set.
using MqttClientFactory = MqttClient* (*)(const std::string& url, const std::string& client_id,
                                          const std::vector<std::string>& subscriptions,
                                          std::string* error);
inline constexpr const char* kMqttModule = "libkaiten_mqtt.so";
inline constexpr const char* kMqttFactory = "kaiten_mqtt_client";

}  // namespace kaiten
