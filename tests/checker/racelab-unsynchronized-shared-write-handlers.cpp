// RUN: racelab-unsynchronized-shared-write --config="{CheckOptions: [{key: Frameworks, value: 'poco;crow'}]}" -- -std=c++20
// Handlers the framework runs on several threads at once (profiles' RACELAB_CONCURRENT_HANDLER,
// and route registrations listed as spawns); the Frameworks option names the profiles, so the
// framework's headers need not be included (their public API is declared here).
#include <atomic>
#include <mutex>

namespace Poco::Net {
class HTTPServerRequest;
class HTTPServerResponse;
class HTTPRequestHandler {
public:
  virtual ~HTTPRequestHandler() = default;
  virtual void handleRequest(HTTPServerRequest& request, HTTPServerResponse& response) = 0;
};
} // namespace Poco::Net

namespace crow {
template <typename... Args> class TaggedRule {
public:
  template <typename Func> void operator()(Func&& f) { (void)f; }
};
} // namespace crow

long hits = 0;
std::atomic<long> atomicHits{0};
std::mutex m;

class CountingHandler : public Poco::Net::HTTPRequestHandler {
public:
  void handleRequest(Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse&) override {
    hits++;
    // CHECK-NOTES: :[[@LINE-1]]:9: warning: unsynchronized write to 'hits' in a request handler: '::CountingHandler::handleRequest' runs on several threads at once and 'hits' has static storage duration; make it std::atomic or hold a lock (e.g. std::lock_guard) while writing [racelab-unsynchronized-shared-write]
    // CHECK-NOTES: :[[@LINE-3]]:8: note: it overrides '::Poco::Net::HTTPRequestHandler::handleRequest', which the framework calls concurrently
    static int seen = 0;
    seen += 1;
    // CHECK-NOTES: :[[@LINE-1]]:10: warning: unsynchronized write to 'seen' in a request handler: '::CountingHandler::handleRequest' runs on several threads at once and 'seen' has static storage duration; make it std::atomic or hold a lock (e.g. std::lock_guard) while writing [racelab-unsynchronized-shared-write]
    // CHECK-NOTES: :[[@LINE-7]]:8: note: it overrides '::Poco::Net::HTTPRequestHandler::handleRequest', which the framework calls concurrently
  }
};

// Fine: atomic, locked, thread_local, or a local of the call.
class CarefulHandler : public Poco::Net::HTTPRequestHandler {
public:
  void handleRequest(Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse&) override {
    atomicHits++;
    {
      std::lock_guard<std::mutex> lock(m);
      hits++;
    }
    thread_local int mine = 0;
    mine++;
    int local = 0;
    local++;
  }
};

// A route registration listed as a spawn: a class template's operator(), named without its
// template arguments (::crow::TaggedRule::operator()).
void routes(crow::TaggedRule<>& rule) {
  rule([] { hits++; });
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: unsynchronized write to 'hits' in a spawned thread: it has static storage duration, so every thread shares it; make it std::atomic or hold a lock (e.g. std::lock_guard) while writing [racelab-unsynchronized-shared-write]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: the thread is started here
}
