// gRPC C++ 1.51 (Debian libgrpc++-dev), sync, callback and async APIs, with no protoc step: the
// generic service (ByteBuffer messages), methods with the signature protoc generates for a
// CallbackService (`ServerUnaryReactor* M(CallbackServerContext*, const Req*, Resp*)`, ByteBuffer
// standing in for the message types), and services derived from protoc's server classes for a
// `Lookup` service, written out in lookup.grpc.pb.h. The library owns the context and
// the messages until the reactor's Finish() has completed (then OnDone() runs); reactions and
// methods run on gRPC's callback thread pool, several at a time.
#include <grpcpp/alarm.h>
#include <grpcpp/generic/async_generic_service.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/support/byte_buffer.h>
#include <grpcpp/support/server_callback.h>

#include "lookup.grpc.pb.h"

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

grpc::ByteBuffer lookup(const grpc::ByteBuffer& key);
void audit(const std::string& method, const std::string& peer);
long cost_of(int part);

// case: detached-thread-outlives-finish (bug): a detached audit thread reads the context after the reactor already finished the RPC in the method; source: https://grpc.io/docs/languages/cpp/callback/
class AuditedLookup {
public:
  grpc::ServerUnaryReactor* Get(grpc::CallbackServerContext* ctx, const grpc::ByteBuffer* request,
                                grpc::ByteBuffer* reply) {
    std::thread([ctx] { audit("Get", ctx->peer()); }).detach(); // BUG: racelab-context-escape
    *reply = lookup(*request);
    auto* reactor = ctx->DefaultReactor();
    reactor->Finish(grpc::Status::OK);
    return reactor;
  }
};

// case: detached-thread-copied-peer (ok): the fix: the thread owns a copy of the peer string; source: https://grpc.io/docs/languages/cpp/callback/
class AuditedLookupFixed {
public:
  grpc::ServerUnaryReactor* Get(grpc::CallbackServerContext* ctx, const grpc::ByteBuffer* request,
                                grpc::ByteBuffer* reply) {
    std::thread([peer = ctx->peer()] { audit("Get", peer); }).detach();
    *reply = lookup(*request);
    auto* reactor = ctx->DefaultReactor();
    reactor->Finish(grpc::Status::OK);
    return reactor;
  }
};

// case: offload-then-finish (ok): the documented async unary pattern: the work fills the reply and ends by calling Finish() on the default reactor; until then gRPC keeps the context and messages; source: https://github.com/grpc/proposal/blob/master/L67-cpp-callback-api.md
class OffloadedLookup {
public:
  grpc::ServerUnaryReactor* Get(grpc::CallbackServerContext* ctx, const grpc::ByteBuffer* request,
                                grpc::ByteBuffer* reply) {
    auto* reactor = ctx->DefaultReactor();
    std::thread([ctx, request, reply, reactor] {
      if (ctx->IsCancelled()) {
        reactor->Finish(grpc::Status::CANCELLED);
        return;
      }
      *reply = lookup(*request);
      reactor->Finish(grpc::Status::OK);
    }).detach();
    return reactor;
  }
};

// case: offload-uses-context-after-finish (bug): the work calls Finish() and then still reads the context, which gRPC may already have released; source: https://github.com/grpc/proposal/blob/master/L67-cpp-callback-api.md
class OffloadedLookupLate {
public:
  grpc::ServerUnaryReactor* Get(grpc::CallbackServerContext* ctx, const grpc::ByteBuffer* request,
                                grpc::ByteBuffer* reply) {
    auto* reactor = ctx->DefaultReactor();
    std::thread([ctx, request, reply, reactor] { // BUG: racelab-context-escape
      *reply = lookup(*request);
      reactor->Finish(grpc::Status::OK);
      audit("Get", ctx->peer());
    }).detach();
    return reactor;
  }
};

// case: alarm-deadline-finish (ok): a callback Alarm answers later and ends by Finish(); source: https://grpc.github.io/grpc/cpp/classgrpc_1_1_alarm.html
class DelayedLookup {
public:
  grpc::ServerUnaryReactor* Get(grpc::CallbackServerContext* ctx, const grpc::ByteBuffer* request,
                                grpc::ByteBuffer* reply) {
    auto* reactor = ctx->DefaultReactor();
    alarm_.Set(std::chrono::system_clock::now() + std::chrono::milliseconds(50),
               [request, reply, reactor](bool) {
                 *reply = lookup(*request);
                 reactor->Finish(grpc::Status::OK);
               });
    return reactor;
  }

private:
  grpc::Alarm alarm_;
};

// case: bidi-reactor-write-from-thread (ok): a generic bidi reactor hands each read to a worker that writes back and finishes; the reactor lives until OnDone; source: https://grpc.io/docs/languages/cpp/callback/
class EchoService : public grpc::CallbackGenericService {
  grpc::ServerGenericBidiReactor* CreateReactor(grpc::GenericCallbackServerContext* ctx) override {
    class Reactor : public grpc::ServerGenericBidiReactor {
    public:
      explicit Reactor(grpc::GenericCallbackServerContext* ctx) : ctx_(ctx) { StartRead(&request_); }
      void OnReadDone(bool ok) override {
        if (!ok) {
          Finish(grpc::Status::OK);
          return;
        }
        std::thread([this] {
          response_ = lookup(request_);
          StartWriteAndFinish(&response_, grpc::WriteOptions(), grpc::Status::OK);
        }).detach();
      }
      void OnDone() override { delete this; }

    private:
      grpc::GenericCallbackServerContext* ctx_;
      grpc::ByteBuffer request_, response_;
    };
    return new Reactor(ctx);
  }
};

// case: generic-context-after-finish (bug): CreateReactor finishes at once with an error but a detached thread still logs the method from the context; source: https://grpc.io/docs/languages/cpp/callback/
class RejectingService : public grpc::CallbackGenericService {
  grpc::ServerGenericBidiReactor* CreateReactor(grpc::GenericCallbackServerContext* ctx) override {
    class Reject : public grpc::ServerGenericBidiReactor {
    public:
      Reject() { Finish(grpc::Status(grpc::StatusCode::UNIMPLEMENTED, "no such method")); }
      void OnDone() override { delete this; }
    };
    std::thread([ctx] { audit(ctx->method(), ctx->peer()); }).detach(); // BUG: racelab-context-escape
    return new Reject;
  }
};

// case: async-calldata-thread (bug): async API CallData: a thread keeps a pointer to the CallData's context while the CallData is deleted when its Finish tag comes back; source: https://grpc.io/docs/languages/cpp/async/
class CallData {
public:
  CallData(grpc::AsyncGenericService* service, grpc::ServerCompletionQueue* cq)
      : service_(service), cq_(cq), stream_(&ctx_) {
    service_->RequestCall(&ctx_, &stream_, cq_, cq_, this);
  }
  void Proceed(bool ok) {
    if (finished_ || !ok) {
      delete this;
      return;
    }
    new CallData(service_, cq_);
    grpc::GenericServerContext* ctx = &ctx_;
    std::thread([ctx] { audit(ctx->method(), ctx->peer()); }).detach(); // BUG: racelab-context-escape
    finished_ = true;
    stream_.Finish(grpc::Status::OK, this);
  }

private:
  grpc::AsyncGenericService* service_;
  grpc::ServerCompletionQueue* cq_;
  grpc::GenericServerContext ctx_;
  grpc::GenericServerAsyncReaderWriter stream_;
  bool finished_ = false;
};

long calls_served = 0;
std::atomic<long> calls_served_atomic{0};
std::atomic<long> costliest_call{0};

// case: method-global-counter (bug): a plain global counted in a callback method, which gRPC runs on several threads at once; source: https://github.com/grpc/proposal/blob/master/L67-cpp-callback-api.md
class CountedLookup : public kv::Lookup::CallbackService {
public:
  grpc::ServerUnaryReactor* Get(grpc::CallbackServerContext* ctx, const grpc::ByteBuffer* request,
                                grpc::ByteBuffer* reply) override {
    calls_served++; // BUG: racelab-unsynchronized-shared-write
    *reply = lookup(*request);
    auto* reactor = ctx->DefaultReactor();
    reactor->Finish(grpc::Status::OK);
    return reactor;
  }
};

// case: method-atomic-counter (ok): the fix: an atomic counter; source: https://github.com/grpc/proposal/blob/master/L67-cpp-callback-api.md
class CountedLookupFixed : public kv::Lookup::CallbackService {
public:
  grpc::ServerUnaryReactor* Get(grpc::CallbackServerContext* ctx, const grpc::ByteBuffer* request,
                                grpc::ByteBuffer* reply) override {
    calls_served_atomic.fetch_add(1);
    *reply = lookup(*request);
    auto* reactor = ctx->DefaultReactor();
    reactor->Finish(grpc::Status::OK);
    return reactor;
  }
};

// case: sync-method-member-counter (bug): a sync service counts its calls in a plain member; gRPC runs every call of the one registered service object on its thread pool at once; source: https://grpc.io/docs/languages/cpp/basics/
class StatsLookup final : public kv::Lookup::Service {
public:
  grpc::Status Get(grpc::ServerContext*, const grpc::ByteBuffer* request,
                   grpc::ByteBuffer* reply) override {
    ++served_; // BUG: racelab-unsynchronized-shared-write
    *reply = lookup(*request);
    return grpc::Status::OK;
  }

private:
  long served_ = 0;
};

// case: sync-method-member-under-mutex (ok): the same service guards its member with a mutex member, as the route_guide example guards its notes; its scratch counter is a local and the total an atomic; source: https://grpc.io/docs/languages/cpp/basics/
class StatsLookupFixed final : public kv::Lookup::Service {
public:
  grpc::Status Get(grpc::ServerContext*, const grpc::ByteBuffer* request,
                   grpc::ByteBuffer* reply) override {
    {
      std::lock_guard<std::mutex> lock(mu_);
      ++served_;
    }
    int attempts = 0;
    attempts++;
    calls_served_atomic++;
    *reply = lookup(*request);
    return grpc::Status::OK;
  }

private:
  std::mutex mu_;
  long served_ = 0;
};

// case: parallel-cost-total (bug): a method splits its work over joined threads that all add to one captured total; source: https://en.cppreference.com/w/cpp/thread/thread/join
class PricedLookup {
public:
  grpc::ServerUnaryReactor* Get(grpc::CallbackServerContext* ctx, const grpc::ByteBuffer*, grpc::ByteBuffer*) {
    long total = 0;
    std::thread a([&] { total += cost_of(0); }); // BUG: racelab-unsynchronized-shared-write
    std::thread b([&] { total += cost_of(1); }); // BUG: racelab-unsynchronized-shared-write
    a.join();
    b.join();
    ctx->AddTrailingMetadata("cost", std::to_string(total));
    if (total > costliest_call.load()) costliest_call.store(total); // BUG: racelab-atomic-split-update
    auto* reactor = ctx->DefaultReactor();
    reactor->Finish(grpc::Status::OK);
    return reactor;
  }
};

// case: parallel-cost-total-fixed (ok): the fix: each thread its own variable, the peak kept with compare_exchange; source: https://en.cppreference.com/w/cpp/atomic/atomic/compare_exchange
class PricedLookupFixed {
public:
  grpc::ServerUnaryReactor* Get(grpc::CallbackServerContext* ctx, const grpc::ByteBuffer*, grpc::ByteBuffer*) {
    long first = 0, second = 0;
    std::thread a([&first] { first = cost_of(0); });
    std::thread b([&second] { second = cost_of(1); });
    a.join();
    b.join();
    long total = first + second;
    ctx->AddTrailingMetadata("cost", std::to_string(total));
    long seen = costliest_call.load();
    while (total > seen && !costliest_call.compare_exchange_weak(seen, total)) {
    }
    auto* reactor = ctx->DefaultReactor();
    reactor->Finish(grpc::Status::OK);
    return reactor;
  }
};

// case: sync-method-request-to-thread (bug): a sync method hands the request message's pointer to a detached thread; gRPC frees the message once the method has returned and the reply is sent; source: https://grpc.io/docs/languages/cpp/basics/
class LoggedLookup final : public kv::Lookup::Service {
public:
  grpc::Status Get(grpc::ServerContext*, const grpc::ByteBuffer* request,
                   grpc::ByteBuffer* reply) override {
    std::thread([request] { audit("Get", std::to_string(request->Length())); }).detach(); // BUG: racelab-context-escape
    *reply = lookup(*request);
    return grpc::Status::OK;
  }
};

// case: sync-method-request-copied (ok): the fix: the thread owns a copy of the message; source: https://grpc.io/docs/languages/cpp/basics/
class LoggedLookupFixed final : public kv::Lookup::Service {
public:
  grpc::Status Get(grpc::ServerContext*, const grpc::ByteBuffer* request,
                   grpc::ByteBuffer* reply) override {
    std::thread([key = *request] { audit("Get", std::to_string(key.Length())); }).detach();
    *reply = lookup(*request);
    return grpc::Status::OK;
  }
};

// case: callback-messages-until-finish (ok): a CallbackService method hands its request and reply to a worker that ends by Finish(): the library keeps both messages until then; source: https://github.com/grpc/proposal/blob/master/L67-cpp-callback-api.md
class WorkerLookup final : public kv::Lookup::CallbackService {
public:
  grpc::ServerUnaryReactor* Get(grpc::CallbackServerContext* ctx, const grpc::ByteBuffer* request,
                                grpc::ByteBuffer* reply) override {
    auto* reactor = ctx->DefaultReactor();
    std::thread([request, reply, reactor] {
      *reply = lookup(*request);
      reactor->Finish(grpc::Status::OK);
    }).detach();
    return reactor;
  }
};

// case: callback-finished-before-worker (bug): the method finishes the RPC itself while a worker still reads the request message, which the library releases after Finish; source: https://github.com/grpc/proposal/blob/master/L67-cpp-callback-api.md
class EagerLookup final : public kv::Lookup::CallbackService {
public:
  grpc::ServerUnaryReactor* Get(grpc::CallbackServerContext* ctx, const grpc::ByteBuffer* request,
                                grpc::ByteBuffer* reply) override {
    std::thread([request] { audit("Get", std::to_string(request->Length())); }).detach(); // BUG: racelab-context-escape
    *reply = lookup(*request);
    auto* reactor = ctx->DefaultReactor();
    reactor->Finish(grpc::Status::OK);
    return reactor;
  }
};

// case: callback-parameter-by-reference (bug): the worker ends by Finish(), but captures the method's own pointer parameter by reference, which dies when the method returns; source: https://en.cppreference.com/w/cpp/language/lambda
class WorkerLookupByReference final : public kv::Lookup::CallbackService {
public:
  grpc::ServerUnaryReactor* Get(grpc::CallbackServerContext* ctx, const grpc::ByteBuffer* request,
                                grpc::ByteBuffer* reply) override {
    auto* reactor = ctx->DefaultReactor();
    std::thread([&request, reply, reactor] { // BUG: racelab-context-escape
      *reply = lookup(*request);
      reactor->Finish(grpc::Status::OK);
    }).detach();
    return reactor;
  }
};

// case: callback-context-by-reference (bug): the worker ends by Finish(), which keeps the context alive, but it captured the method's context pointer by reference, a variable gone when the method returns; source: https://github.com/grpc/proposal/blob/master/L67-cpp-callback-api.md
class PeerLookupByReference final : public kv::Lookup::CallbackService {
public:
  grpc::ServerUnaryReactor* Get(grpc::CallbackServerContext* ctx, const grpc::ByteBuffer* request,
                                grpc::ByteBuffer* reply) override {
    auto* reactor = ctx->DefaultReactor();
    std::thread([&ctx, request, reply, reactor] { // BUG: racelab-context-escape
      audit("Get", ctx->peer());
      *reply = lookup(*request);
      reactor->Finish(grpc::Status::OK);
    }).detach();
    return reactor;
  }
};
