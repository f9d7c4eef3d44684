#include "kaiten/live/mqtt_link.hpp"

#include <mqtt/async_client.h>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

namespace kaiten {

struct MqttLink::Impl {
  Impl(const std::string& url, const std::string& client_id, std::vector<std::string> topics)
      : client(url, client_id, buffering()), subscriptions(std::move(topics)) {}

  // Publishing goes on while the broker is away: enough for a busy day's messages.
  static mqtt::create_options buffering() {
    mqtt::create_options options(MQTTVERSION_DEFAULT, 1'000'000);
    options.set_send_while_disconnected(true, true);
    return options;
  }

  mqtt::async_client client;
  std::vector<std::string> subscriptions;
  std::mutex mutex;
  std::condition_variable arrived;
  std::deque<LinkMessage> queue;
  std::atomic<std::uint64_t> connections{0};
};

namespace {

std::string tcp_url(const std::string& url) {
  if (url.starts_with("mqtt://")) return "tcp://" + url.substr(7);
  if (url.starts_with("tcp://")) return url;
  throw LinkError("--broker " + url + ": expected tcp://HOST:PORT or mqtt://HOST:PORT");
}

}  // namespace

MqttLink::MqttLink(const std::string& url, const std::string& client_id,
                   std::vector<std::string> subscriptions) {
  try {
    impl_ = std::make_unique<Impl>(tcp_url(url), client_id, std::move(subscriptions));
  } catch (const mqtt::exception& e) {
    throw LinkError("--broker " + url + ": " + e.what());
  }
  Impl& impl = *impl_;
  // Called on Paho's thread: subscribing there does not wait for the answer.
  impl.client.set_connected_handler([&impl](const std::string&) {
    for (const std::string& topic : impl.subscriptions) impl.client.subscribe(topic, 1);
    ++impl.connections;
  });
  impl.client.set_message_callback([&impl](mqtt::const_message_ptr message) {
    {
      const std::lock_guard lock(impl.mutex);
      impl.queue.push_back({message->get_topic(), message->get_payload_str()});
    }
    impl.arrived.notify_one();
  });
}

MqttLink::~MqttLink() {
  try {
    if (impl_->client.is_connected())
      impl_->client.disconnect(0)->wait_for(std::chrono::seconds(1));
  } catch (const mqtt::exception&) {  // going away: nothing left to tell
  }
}

void MqttLink::start(std::chrono::milliseconds timeout) {
  // A clean session: what was missed while away is asked for again by sequence number, which
  // also covers a broker that restarted and forgot every session.
  const auto options = mqtt::connect_options_builder()
                           .clean_session(true)
                           .keep_alive_interval(std::chrono::seconds(5))
                           .connect_timeout(std::chrono::seconds(2))
                           .automatic_reconnect(std::chrono::seconds(1), std::chrono::seconds(2))
                           .finalize();
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::string last_error = "no answer";
  while (true) {
    try {
      impl_->client.connect(options)->wait();
      return;
    } catch (const mqtt::exception& e) {
      last_error = e.what();
    }
    if (std::chrono::steady_clock::now() >= deadline) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  throw LinkError("cannot connect to the broker " + impl_->client.get_server_uri() + ": " +
                  last_error);
}

bool MqttLink::publish(const std::string& topic, const std::string& payload, bool retained) {
  try {
    impl_->client.publish(topic, payload.data(), payload.size(), 1, retained);
    return true;
  } catch (const mqtt::exception&) {
    return false;
  }
}

bool MqttLink::next(LinkMessage& out, std::chrono::milliseconds wait) {
  std::unique_lock lock(impl_->mutex);
  if (!impl_->arrived.wait_for(lock, wait, [&] { return !impl_->queue.empty(); })) return false;
  out = std::move(impl_->queue.front());
  impl_->queue.pop_front();
  return true;
}

std::uint64_t MqttLink::connections() const {
  return impl_->connections.load();
}

bool MqttLink::connected() const {
  return impl_->client.is_connected();
}

void MqttLink::stop(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  try {
    while (!impl_->client.get_pending_delivery_tokens().empty() &&
           std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    if (impl_->client.is_connected()) impl_->client.disconnect()->wait_for(timeout);
  } catch (const mqtt::exception&) {  // the broker is gone: nothing more can be delivered
  }
}

}  // namespace kaiten
