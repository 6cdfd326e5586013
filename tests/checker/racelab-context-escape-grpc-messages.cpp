// RUN: racelab-context-escape --config="{CheckOptions: [{key: Frameworks, value: 'grpc'}]}" -- -std=c++17
// gRPC's request and response messages are request-scoped by position (the grpc profile's
// RACELAB_REQUEST_PARAMETERS on ::grpc::Service): the pointer parameters of a service's methods.
// A sync method's messages live until it returns; a callback method returns its reactor, and the
// library keeps the messages until that reactor's Finish (RACELAB_COMPLETION), so a worker that
// ends by calling Finish may hold them. gRPC's API is declared here, in its shape.
#include <string>
#include <thread>

namespace grpc {
class Status {
public:
  static const Status& OK;
};
class ServerUnaryReactor {
public:
  void Finish(Status s);
};
class ServerContextBase {
public:
  std::string peer() const;
};
class ServerContext : public ServerContextBase {};
class CallbackServerContext : public ServerContextBase {
public:
  ServerUnaryReactor* DefaultReactor();
};
class ByteBuffer {
public:
  unsigned long Length() const;
};
class Service {
public:
  virtual ~Service();
};
} // namespace grpc

grpc::ByteBuffer lookup(const grpc::ByteBuffer& key);
void audit(unsigned long size);

class Sync : public grpc::Service {
public:
  virtual grpc::Status Get(grpc::ServerContext* ctx, const grpc::ByteBuffer* request,
                           grpc::ByteBuffer* reply);
};
class Callback : public grpc::Service {
public:
  virtual grpc::ServerUnaryReactor* Get(grpc::CallbackServerContext* ctx,
                                        const grpc::ByteBuffer* request, grpc::ByteBuffer* reply);
};

// ===== Flagged ================================================================

class LoggedSync : public Sync {
public:
  grpc::Status Get(grpc::ServerContext*, const grpc::ByteBuffer* request,
                   grpc::ByteBuffer* reply) override {
    std::thread([request] { audit(request->Length()); }).detach();
    // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: argument 'request' of '::LoggedSync::Get', captured by value (a pointer) escapes into a detached std::thread; the framework owns it only until 'Get' returns (a class derived from '::grpc::Service'): capture a copy of what it points to [racelab-context-escape]
    *reply = lookup(*request);
    return grpc::Status::OK;
  }
};

// The method finishes the call itself: the worker does not end by completing it.
class EagerCallback : public Callback {
public:
  grpc::ServerUnaryReactor* Get(grpc::CallbackServerContext* ctx, const grpc::ByteBuffer* request,
                                grpc::ByteBuffer* reply) override {
    std::thread([request] { audit(request->Length()); }).detach();
    // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: argument 'request' of '::EagerCallback::Get', captured by value (a pointer) escapes into a detached std::thread; the framework keeps it only until the reactor 'Get' returns is finished (a class derived from '::grpc::Service'): capture a copy of what it points to, or end the work by completing the call [racelab-context-escape]
    *reply = lookup(*request);
    grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
    reactor->Finish(grpc::Status::OK);
    return reactor;
  }
};

// Finish last, but the parameter itself is captured by reference.
class ByReferenceCallback : public Callback {
public:
  grpc::ServerUnaryReactor* Get(grpc::CallbackServerContext* ctx, const grpc::ByteBuffer* request,
                                grpc::ByteBuffer* reply) override {
    grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
    std::thread([&request, reply, reactor] {
      // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: argument 'request' of '::ByReferenceCallback::Get', captured by reference escapes into a detached std::thread; the parameter itself is gone when 'Get' returns (a class derived from '::grpc::Service'): capture the pointer ('request' by value) and end the work by completing the call [racelab-context-escape]
      *reply = lookup(*request);
      reactor->Finish(grpc::Status::OK);
    }).detach();
    return reactor;
  }
};

// Finish last, but the context pointer itself is captured by reference: the reactor keeps the
// context alive, not the method's parameter.
class ContextByReference : public Callback {
public:
  grpc::ServerUnaryReactor* Get(grpc::CallbackServerContext* ctx, const grpc::ByteBuffer*,
                                grpc::ByteBuffer*) override {
    grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
    std::thread([&ctx, reactor] {
      // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: original context pointer 'ctx' captured by reference escapes into a detached std::thread; the pointer variable itself is gone when the handler returns: capture the pointer 'ctx' by value: the work ends by completing the request, which keeps what it points to alive until then [racelab-context-escape]
      audit(ctx->peer().size());
      reactor->Finish(grpc::Status::OK);
    }).detach();
    return reactor;
  }
};

// ===== Not flagged ============================================================

// A copy of the message; a worker that ends by Finish (gRPC's documented async pattern); a
// thread joined before the sync method returns; a class that is not a service.
class CopiedSync : public Sync {
public:
  grpc::Status Get(grpc::ServerContext*, const grpc::ByteBuffer* request,
                   grpc::ByteBuffer* reply) override {
    std::thread([key = *request] { audit(key.Length()); }).detach();
    std::thread t([request, reply] { *reply = lookup(*request); });
    t.join();
    return grpc::Status::OK;
  }
};

class WorkerCallback : public Callback {
public:
  grpc::ServerUnaryReactor* Get(grpc::CallbackServerContext* ctx, const grpc::ByteBuffer* request,
                                grpc::ByteBuffer* reply) override {
    grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
    std::thread([ctx, request, reply, reactor] {
      audit(ctx->peer().size());
      *reply = lookup(*request);
      reactor->Finish(grpc::Status::OK);
    }).detach();
    return reactor;
  }
};

class NotAService {
public:
  void Get(const grpc::ByteBuffer* request) {
    std::thread([request] { audit(request->Length()); }).detach();
  }
};
