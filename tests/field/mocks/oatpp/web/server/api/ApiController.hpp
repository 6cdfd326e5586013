// Mock of oatpp's ApiController and HTTP message types (oatpp 1.3,
// oatpp/web/server/api/ApiController.hpp, oatpp/web/protocol/http/incoming/Request.hpp,
// .../outgoing/Response.hpp, .../Http.hpp), written for racelab's field corpus from oatpp's
// documentation and public headers: only what the cases use, with oatpp's namespaces, names and
// signatures; bodies are trivial. Not oatpp's code.
#pragma once
#include <memory>
#include <string>

#include "oatpp/core/Types.hpp"

namespace oatpp
{
namespace web
{
namespace protocol
{
namespace http
{
class Status
{
  public:
    constexpr Status(int pCode, const char *pDescription) : code(pCode), description(pDescription) {}
    static const Status CODE_200;
    static const Status CODE_202;
    static const Status CODE_400;
    static const Status CODE_500;
    int code;
    const char *description;
};
inline const Status Status::CODE_200(200, "OK");
inline const Status Status::CODE_202(202, "Accepted");
inline const Status Status::CODE_400(400, "Bad Request");
inline const Status Status::CODE_500(500, "Internal Server Error");

namespace incoming
{
/// The request as the connection handler parsed it; its body is read from the connection.
class Request
{
  public:
    oatpp::String getHeader(const oatpp::String &headerName) const
    {
        (void)headerName;
        return nullptr;
    }
    oatpp::String getPathVariable(const oatpp::String &name) const
    {
        (void)name;
        return nullptr;
    }
    oatpp::String getQueryParameter(const oatpp::String &name) const
    {
        (void)name;
        return nullptr;
    }
    oatpp::String readBodyToString() const { return nullptr; }
};
}  // namespace incoming

namespace outgoing
{
class Response
{
  public:
    void putHeader(const oatpp::String &key, const oatpp::String &value)
    {
        (void)key, (void)value;
    }
};
}  // namespace outgoing
}  // namespace http
}  // namespace protocol

namespace server
{
namespace api
{
class ApiController
{
  public:
    typedef oatpp::web::protocol::http::incoming::Request IncomingRequest;
    typedef oatpp::web::protocol::http::outgoing::Response OutgoingResponse;
    typedef oatpp::web::protocol::http::Status Status;

    virtual ~ApiController() = default;

    std::shared_ptr<OutgoingResponse> createResponse(const Status &status,
                                                     const oatpp::String &str = nullptr) const
    {
        (void)status, (void)str;
        return std::make_shared<OutgoingResponse>();
    }
};
}  // namespace api
}  // namespace server
}  // namespace web
}  // namespace oatpp
