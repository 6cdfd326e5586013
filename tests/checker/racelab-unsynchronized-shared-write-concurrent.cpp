// RUN: racelab-unsynchronized-shared-write --config="{CheckOptions: [{key: Frameworks, value: 'grpc;oatpp'}, {key: ConcurrentHandlers, value: 'rpc::Handler::handle'}, {key: ConcurrentBases, value: '::rpc::Service'}, {key: ConcurrentMembers, value: 'web::Controller=web::Reply'}]}" -- -std=c++20
// Methods a framework calls concurrently though no spawn is written: a gRPC service's methods
// (RACELAB_CONCURRENT_BASE: overrides of the virtuals of protoc's `Foo::Service`, which derives
// from ::grpc::Service) and oatpp's endpoints (RACELAB_CONCURRENT_MEMBERS: what ENDPOINT
// declares, a member returning std::shared_ptr<OutgoingResponse> in an ApiController). The
// framework's public API and protoc's output are declared here, in their shape. At the end, a
// project's own framework told to the check by the options ConcurrentHandlers, ConcurrentBases
// and ConcurrentMembers.
#include <atomic>
#include <memory>
#include <mutex>
#include <shared_mutex>

namespace grpc {
class Status {};
class ServerContext {};
class CallbackServerContext {};
class ServerUnaryReactor {};
class ByteBuffer {};
class Service {
public:
  virtual ~Service() = default;
};
} // namespace grpc

// What grpc_cpp_plugin generates for `service Lookup { rpc Get(Key) returns (Value); }` (messages
// as ByteBuffer): the sync Service, and the callback one through a mixin template.
namespace lookup {
class Lookup final {
public:
  class Service : public ::grpc::Service {
  public:
    virtual ::grpc::Status Get(::grpc::ServerContext*, const ::grpc::ByteBuffer*,
                               ::grpc::ByteBuffer*) {
      return {};
    }
  };
  template <class BaseClass> class WithCallbackMethod_Get : public BaseClass {
  public:
    virtual ::grpc::ServerUnaryReactor* Get(::grpc::CallbackServerContext*,
                                            const ::grpc::ByteBuffer*, ::grpc::ByteBuffer*) {
      return nullptr;
    }
  };
  typedef WithCallbackMethod_Get<Service> CallbackService;
};
} // namespace lookup

long served = 0;
std::atomic<long> servedAtomic{0};
std::mutex mu;

// ===== gRPC: flagged =================================================================

class LookupImpl final : public lookup::Lookup::Service {
public:
  grpc::Status Get(grpc::ServerContext*, const grpc::ByteBuffer*, grpc::ByteBuffer*) override {
    served++;
    // CHECK-NOTES: :[[@LINE-1]]:11: warning: unsynchronized write to 'served' in a request handler: '::LookupImpl::Get' runs on several threads at once and 'served' has static storage duration; make it std::atomic or hold a lock (e.g. std::lock_guard) while writing [racelab-unsynchronized-shared-write]
    // CHECK-NOTES: :[[@LINE-3]]:16: note: it overrides '::lookup::Lookup::Service::Get' of a class derived from '::grpc::Service', whose methods the framework calls concurrently on one object
    calls_ += 1;
    // CHECK-NOTES: :[[@LINE-1]]:12: warning: unsynchronized write to member 'calls_' in a request handler: '::LookupImpl::Get' runs on several threads at once and 'calls_' is a member of the one object they all run on; make it std::atomic or hold a lock (e.g. std::lock_guard) while writing [racelab-unsynchronized-shared-write]
    // CHECK-NOTES: :[[@LINE-6]]:16: note: it overrides '::lookup::Lookup::Service::Get' of a class derived from '::grpc::Service', whose methods the framework calls concurrently on one object
    return {};
  }

private:
  long calls_ = 0;
};

// The callback API: the override's base is the mixin's specialization, derived from Service.
class CallbackLookupImpl : public lookup::Lookup::CallbackService {
public:
  grpc::ServerUnaryReactor* Get(grpc::CallbackServerContext*, const grpc::ByteBuffer*,
                                grpc::ByteBuffer*) override {
    std::shared_lock<std::shared_mutex> reading(rw_);
    this->last_ = 1;
    // CHECK-NOTES: :[[@LINE-1]]:17: warning: unsynchronized write to member 'last_' in a request handler: '::CallbackLookupImpl::Get' runs on several threads at once and 'last_' is a member of the one object they all run on; the lock held is a reader's (shared) lock, which other threads hold at the same time; write under an exclusive lock (e.g. std::unique_lock of the shared mutex) [racelab-unsynchronized-shared-write]
    // CHECK-NOTES: :[[@LINE-5]]:29: note: it overrides '::lookup::Lookup::WithCallbackMethod_Get::Get' of a class derived from '::grpc::Service', whose methods the framework calls concurrently on one object
    return nullptr;
  }

private:
  std::shared_mutex rw_;
  int last_ = 0;
};

// ===== gRPC: not flagged ================================================================

struct Observer {
  virtual ~Observer() = default;
  virtual void onEvent() = 0;
};

// A member under a lock, an atomic, a local; and an override of another base's virtual (not a
// method of the service) with a plain member write.
class CarefulLookupImpl final : public lookup::Lookup::Service, public Observer {
public:
  grpc::Status Get(grpc::ServerContext*, const grpc::ByteBuffer*, grpc::ByteBuffer*) override {
    {
      std::lock_guard<std::mutex> lock(mu);
      calls_++;
      served++;
    }
    servedAtomic++;
    atomicCalls_ += 1;
    long local = 0;
    local++;
    return {};
  }
  void onEvent() override { events_++; }
  ~CarefulLookupImpl() override { calls_ = 0; }

private:
  long calls_ = 0;
  long events_ = 0;
  std::atomic<long> atomicCalls_{0};
};

// Not a service: its methods are the user's to call.
class Cache {
public:
  virtual ~Cache() = default;
  virtual void put() { size_++; }

private:
  long size_ = 0;
};
class BigCache : public Cache {
  void put() override { served++; }
};

// ===== oatpp ==============================================================================

namespace oatpp::web::protocol::http::outgoing {
class Response {};
} // namespace oatpp::web::protocol::http::outgoing
namespace oatpp::web::server::api {
class ApiController {
public:
  using OutgoingResponse = protocol::http::outgoing::Response;
  virtual ~ApiController() = default;
};
} // namespace oatpp::web::server::api

// oatpp's ENDPOINT("GET", "/hits", getHits) expands to a member of this shape.
#define ENDPOINT(METHOD, PATH, NAME)                                                             \
  std::shared_ptr<oatpp::web::protocol::http::outgoing::Response> NAME()

class HitsController : public oatpp::web::server::api::ApiController {
public:
  ENDPOINT("GET", "/hits", getHits) {
    served += 1;
    // CHECK-NOTES: :[[@LINE-1]]:12: warning: unsynchronized write to 'served' in a request handler: '::HitsController::getHits' runs on several threads at once and 'served' has static storage duration; make it std::atomic or hold a lock (e.g. std::lock_guard) while writing [racelab-unsynchronized-shared-write]
    // CHECK-NOTES: :[[@LINE-3]]:28: note: it returns '::oatpp::web::protocol::http::outgoing::Response' in a class derived from '::oatpp::web::server::api::ApiController', which the framework calls concurrently on one object
    hits_++;
    // CHECK-NOTES: :[[@LINE-1]]:10: warning: unsynchronized write to member 'hits_' in a request handler: '::HitsController::getHits' runs on several threads at once and 'hits_' is a member of the one object they all run on; make it std::atomic or hold a lock (e.g. std::lock_guard) while writing [racelab-unsynchronized-shared-write]
    // CHECK-NOTES: :[[@LINE-6]]:28: note: it returns '::oatpp::web::protocol::http::outgoing::Response' in a class derived from '::oatpp::web::server::api::ApiController', which the framework calls concurrently on one object
    return std::make_shared<OutgoingResponse>();
  }

  // Spelled without the macro, the same member: the rule reads what ENDPOINT expands to.
  std::shared_ptr<OutgoingResponse> getStats() {
    served = 0;
    // CHECK-NOTES: :[[@LINE-1]]:12: warning: unsynchronized write to 'served' in a request handler: '::HitsController::getStats' runs on several threads at once and 'served' has static storage duration; make it std::atomic or hold a lock (e.g. std::lock_guard) while writing [racelab-unsynchronized-shared-write]
    // CHECK-NOTES: :[[@LINE-3]]:37: note: it returns '::oatpp::web::protocol::http::outgoing::Response' in a class derived from '::oatpp::web::server::api::ApiController', which the framework calls concurrently on one object
    return nullptr;
  }

  // Not flagged: a thread_local, an atomic, a member under a lock, a local; and a member that
  // returns something else (not an endpoint).
  ENDPOINT("GET", "/mine", getMine) {
    thread_local long mine = 0;
    mine++;
    servedAtomic.fetch_add(1);
    std::lock_guard<std::mutex> lock(mu);
    hits_++;
    long n = 0;
    n += 2;
    return nullptr;
  }
  long resetForTests() { return hits_ = 0; }

private:
  long hits_ = 0;
};

// A class outside ApiController returning a Response: not an endpoint.
struct ResponseFactory {
  std::shared_ptr<oatpp::web::protocol::http::outgoing::Response> make() {
    served++;
    return nullptr;
  }
};

// ===== A project's own framework, told by options =====================================
// A virtual whose overrides run concurrently (ConcurrentHandlers), a base whose subclasses'
// overrides do (ConcurrentBases), and members returning a type in a class derived from a base
// (ConcurrentMembers, 'Class=Type'). They add to the profiles that are on.

namespace rpc {
struct Handler {
  virtual ~Handler() = default;
  virtual void handle() = 0;
};
struct Service {
  virtual ~Service() = default;
};
} // namespace rpc
namespace web {
struct Reply {};
struct Controller {};
} // namespace web

int hits = 0;

struct Counting : rpc::Handler {
  void handle() override {
    hits++;
    // CHECK-NOTES: :[[@LINE-1]]:9: warning: unsynchronized write to 'hits' in a request handler: '::Counting::handle' runs on several threads at once and 'hits' has static storage duration; make it std::atomic or hold a lock (e.g. std::lock_guard) while writing [racelab-unsynchronized-shared-write]
    // CHECK-NOTES: :[[@LINE-3]]:8: note: it overrides '::rpc::Handler::handle', which the framework calls concurrently
    own_++; // a handler object of its own per call: members are not shared
  }
  int own_ = 0;
};

// Generated between the base and the user's class, as protoc does.
struct Generated : rpc::Service {
  virtual void lookup() {}
};
struct Impl : Generated {
  void lookup() override {
    hits = 1;
    // CHECK-NOTES: :[[@LINE-1]]:10: warning: unsynchronized write to 'hits' in a request handler: '::Impl::lookup' runs on several threads at once and 'hits' has static storage duration; make it std::atomic or hold a lock (e.g. std::lock_guard) while writing [racelab-unsynchronized-shared-write]
    // CHECK-NOTES: :[[@LINE-3]]:8: note: it overrides '::Generated::lookup' of a class derived from '::rpc::Service', whose methods the framework calls concurrently on one object
  }
};

struct Users : web::Controller {
  std::unique_ptr<web::Reply> list() {
    hits += 2;
    // CHECK-NOTES: :[[@LINE-1]]:10: warning: unsynchronized write to 'hits' in a request handler: '::Users::list' runs on several threads at once and 'hits' has static storage duration; make it std::atomic or hold a lock (e.g. std::lock_guard) while writing [racelab-unsynchronized-shared-write]
    // CHECK-NOTES: :[[@LINE-3]]:31: note: it returns '::web::Reply' in a class derived from '::web::Controller', which the framework calls concurrently on one object
    return nullptr;
  }
  int count() { return hits = 0; } // returns no Reply: not an entry
};

// Poco's profile is not among the Frameworks: its handler is no entry.
namespace Poco::Net {
struct HTTPRequestHandler {
  virtual ~HTTPRequestHandler() = default;
  virtual void handleRequest() = 0;
};
} // namespace Poco::Net
struct PocoHandler : Poco::Net::HTTPRequestHandler {
  void handleRequest() override { hits++; }
};
