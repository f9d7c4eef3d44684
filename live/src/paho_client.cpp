// libkaiten_mqtt.so: the MQTT client on Eclipse Paho C++, loaded by MqttLink (mqtt_client.hpp).
#include <mqtt/async_client.h>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "mqtt_client.hpp"

namespace kaiten {
namespace {

class PahoClient final : public MqttClient {
 public:
  PahoClient(const std::string& url, const std::string& client_id,
             std::vector<std::string> subscriptions)
      : client_(url, client_id, buffering()), subscriptions_(std::move(subscriptions)) {
    // Called on Paho's thread: subscribing there does not wait for the answer.
    client_.set_connected_handler([this](const std::string&) {
      for (const std::string& topic : subscriptions_) client_.subscribe(topic, 1);
      ++connections_;
    });
    client_.set_message_callback([this](mqtt::const_message_ptr message) {
      {
        const std::lock_guard lock(mutex_);
        queue_.push_back({message->get_topic(), message->get_payload_str()});
      }
      arrived_.notify_one();
    });
  }

  ~PahoClient() override {
    try {
      if (client_.is_connected()) client_.disconnect(0)->wait_for(std::chrono::seconds(1));
    } catch (const mqtt::exception&) {  // going away: nothing left to tell
    }
  }
  PahoClient(const PahoClient&) = delete;
  PahoClient& operator=(const PahoClient&) = delete;

  std::string start(std::chrono::milliseconds timeout) override {
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
        client_.connect(options)->wait();
        return {};
      } catch (const mqtt::exception& e) {
        last_error = e.what();
      }
      if (std::chrono::steady_clock::now() >= deadline) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    return "cannot connect to the broker " + client_.get_server_uri() + ": " + last_error;
  }

  bool publish(const std::string& topic, const std::string& payload, bool retained) override {
    try {
      client_.publish(topic, payload.data(), payload.size(), 1, retained);
      return true;
    } catch (const mqtt::exception&) {
      return false;
    }
  }

  bool next(LinkMessage& out, std::chrono::milliseconds wait) override {
    std::unique_lock lock(mutex_);
    if (!arrived_.wait_for(lock, wait, [&] { return !queue_.empty(); })) return false;
    out = std::move(queue_.front());
    queue_.pop_front();
    return true;
  }

  std::uint64_t connections() const override { return connections_.load(); }

  bool connected() const override { return client_.is_connected(); }

  void stop(std::chrono::milliseconds timeout) override {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    try {
      while (!client_.get_pending_delivery_tokens().empty() &&
             std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      if (client_.is_connected()) client_.disconnect()->wait_for(timeout);
    } catch (const mqtt::exception&) {  // the broker is gone: nothing more can be delivered
    }
  }

 private:
  // Publishing goes on while the broker is away: enough for a busy day's messages.
  static mqtt::create_options buffering() {
    mqtt::create_options options(MQTTVERSION_DEFAULT, 1'000'000);
    options.set_send_while_disconnected(true, true);
    return options;
  }

  mqtt::async_client client_;
  std::vector<std::string> subscriptions_;
  std::mutex mutex_;
  std::condition_variable arrived_;
  std::deque<LinkMessage> queue_;
  std::atomic<std::uint64_t> connections_{0};
};

}  // namespace
}  // namespace kaiten

extern "C" kaiten::MqttClient* kaiten_mqtt_client(const std::string& url,
                                                  const std::string& client_id,
                                                  const std::vector<std::string>& subscriptions,
                                                  std::string* error) {
  try {
    return new kaiten::PahoClient(url, client_id, subscriptions);
  } catch (const std::exception& e) {
    *error = e.what();
    return nullptr;
  }
}
