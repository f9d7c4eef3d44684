#include "kaiten/live/mqtt_link.hpp"

#include "kaiten/core/module.hpp"
#include "mqtt_client.hpp"

namespace kaiten {
namespace {

std::string tcp_url(const std::string& url) {
  if (url.starts_with("mqtt://")) return "tcp://" + url.substr(7);
  if (url.starts_with("tcp://")) return url;
  throw LinkError("--broker " + url + ": expected tcp://HOST:PORT or mqtt://HOST:PORT");
}

}  // namespace

MqttLink::MqttLink(const std::string& url, const std::string& client_id,
                   std::vector<std::string> subscriptions) {
  const std::string tcp = tcp_url(url);
  MqttClientFactory make = nullptr;
  try {
    make = reinterpret_cast<MqttClientFactory>(module_symbol(kMqttModule, kMqttFactory));
  } catch (const std::runtime_error& e) {
    throw LinkError(std::string("the MQTT client: ") + e.what());
  }
  std::string error;
  client_.reset(make(tcp, client_id, subscriptions, &error));
  if (!client_) throw LinkError("--broker " + url + ": " + error);
}

MqttLink::~MqttLink() = default;

void MqttLink::start(std::chrono::milliseconds timeout) {
  const std::string error = client_->start(timeout);
  if (!error.empty()) throw LinkError(error);
}

bool MqttLink::publish(const std::string& topic, const std::string& payload, bool retained) {
  return client_->publish(topic, payload, retained);
}

bool MqttLink::next(LinkMessage& out, std::chrono::milliseconds wait) {
  return client_->next(out, wait);
}

std::uint64_t MqttLink::connections() const {
  return client_->connections();
}

bool MqttLink::connected() const {
  return client_->connected();
}

void MqttLink::stop(std::chrono::milliseconds timeout) {
  client_->stop(timeout);
}

}  // namespace kaiten
