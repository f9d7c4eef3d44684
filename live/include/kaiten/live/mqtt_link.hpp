#pragma once
// One MQTT connection (QoS 1), kept up: it reconnects by itself after the broker goes away and
// subscribes again on every connection. Incoming messages wait in a queue for the owner's thread,
// so the controller and the simulation are only ever touched from one thread. The client itself
// (Eclipse Paho) is a module loaded by the first link: other commands never load Paho or TLS.
#include <chrono>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace kaiten {

class MqttClient;

/// The broker cannot be reached (at start) or the URL is not one.
struct LinkError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct LinkMessage {
  std::string topic;
  std::string payload;
};

class MqttLink {
 public:
  /// `url` as tcp://HOST:PORT (mqtt://HOST:PORT is taken as tcp://).
  MqttLink(const std::string& url, const std::string& client_id,
           std::vector<std::string> subscriptions);
  ~MqttLink();
  MqttLink(const MqttLink&) = delete;
  MqttLink& operator=(const MqttLink&) = delete;

  /// Connects, retrying until `timeout`; throws LinkError if the broker never answered.
  void start(std::chrono::milliseconds timeout);
  /// Publishes at QoS 1. While disconnected the message is buffered and sent on reconnection;
  /// false if it could not even be buffered (the sequence protocol recovers it: docs/live.md).
  bool publish(const std::string& topic, const std::string& payload, bool retained = false);
  /// The next incoming message, waiting at most `wait`. False if none came.
  bool next(LinkMessage& out, std::chrono::milliseconds wait);
  /// Connections made so far: a change tells the owner to ask for what it may have missed.
  std::uint64_t connections() const;
  /// Connected to the broker now.
  bool connected() const;
  /// Waits (at most `timeout`) for every publish to be acknowledged, then disconnects.
  void stop(std::chrono::milliseconds timeout);

 private:
  std::unique_ptr<MqttClient> client_;  ///< from the module libkaiten_mqtt.so
};

}  // namespace kaiten
