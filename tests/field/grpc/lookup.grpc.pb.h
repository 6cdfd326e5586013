// What grpc_cpp_plugin (gRPC 1.51) generates for the server side of
//   package kv; service Lookup { rpc Get(Key) returns (Value); }
// reduced to the classes a service implementation derives from, with grpc::ByteBuffer standing
// in for the protobuf messages Key and Value (the field corpus has no protoc step). The shape is
// protoc's: a sync `Service` deriving from ::grpc::Service with a virtual per method, and the
// callback API's `CallbackService`, a mixin template per method (WithCallbackMethod_Get) over
// Service whose virtual takes a CallbackServerContext and returns a reactor. Written for
// racelab's field corpus; the method registration in the constructors is left out.
#ifndef RACELAB_FIELD_LOOKUP_GRPC_PB_H
#define RACELAB_FIELD_LOOKUP_GRPC_PB_H

#include <grpcpp/grpcpp.h>
#include <grpcpp/support/byte_buffer.h>
#include <grpcpp/support/server_callback.h>

#include <cstdlib>

namespace kv {

class Lookup final {
public:
  class Service : public ::grpc::Service {
  public:
    Service() = default;
    ~Service() override = default;
    virtual ::grpc::Status Get(::grpc::ServerContext* context, const ::grpc::ByteBuffer* request,
                               ::grpc::ByteBuffer* response) {
      (void)context, (void)request, (void)response;
      return ::grpc::Status(::grpc::StatusCode::UNIMPLEMENTED, "");
    }
  };

  template <class BaseClass> class WithCallbackMethod_Get : public BaseClass {
  public:
    // The sync version is disabled once the callback one is chosen.
    ::grpc::Status Get(::grpc::ServerContext*, const ::grpc::ByteBuffer*,
                       ::grpc::ByteBuffer*) override {
      std::abort();
      return ::grpc::Status(::grpc::StatusCode::UNIMPLEMENTED, "");
    }
    virtual ::grpc::ServerUnaryReactor* Get(::grpc::CallbackServerContext*,
                                            const ::grpc::ByteBuffer*, ::grpc::ByteBuffer*) {
      return nullptr;
    }
  };
  typedef WithCallbackMethod_Get<Service> CallbackService;
};

} // namespace kv

#endif
