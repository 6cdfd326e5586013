// Mock of uWebSockets' public C++ API (https://github.com/uNetworking/uWebSockets, src/App.h,
// HttpResponse.h, HttpRequest.h, Loop.h), written for racelab's field corpus from its README,
// its user manual and the public headers: only what the cases use, with uWS's names, class
// templates and signatures; bodies are trivial. Installed headers live in <uWebSockets/...>.
// Not uWebSockets' code.
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>

struct us_listen_socket_t;

namespace uWS
{
/* The real one is a move-only any_invocable; copyable callables are all the cases need. */
template <typename Signature>
using MoveOnlyFunction = std::function<Signature>;

/* The loop of the calling thread: every App, response and socket belongs to one loop and must
 * be used from that loop's thread only. */
struct Loop
{
    static Loop *get(void *existingNativeLoop = nullptr)
    {
        (void)existingNativeLoop;
        static Loop loop;
        return &loop;
    }
    /* Thread safe: runs cb on this loop's thread, later. */
    void defer(MoveOnlyFunction<void()> &&cb) { (void)cb; }
    void run() {}
};

/* Valid only while the route handler runs: the views it returns point into the receive buffer. */
class HttpRequest
{
  public:
    std::string_view getHeader(std::string_view lowerCasedHeader)
    {
        (void)lowerCasedHeader;
        return {};
    }
    std::string_view getUrl() { return {}; }
    std::string_view getFullUrl() { return {}; }
    std::string_view getMethod() { return {}; }
    std::string_view getQuery() { return {}; }
    std::string_view getQuery(std::string_view key)
    {
        (void)key;
        return {};
    }
    std::string_view getParameter(unsigned short index)
    {
        (void)index;
        return {};
    }

  private:
    /* Like the real one: views into the receive buffer, so a copy of the object still points
     * into it. */
    struct Header
    {
        std::string_view key, value;
    } headers[51];
    bool ancientHttp = false;
    unsigned int querySeparator = 0;
};

template <bool SSL>
struct HttpResponse
{
    HttpResponse *writeStatus(std::string_view status)
    {
        (void)status;
        return this;
    }
    HttpResponse *writeHeader(std::string_view key, std::string_view value)
    {
        (void)key, (void)value;
        return this;
    }
    bool write(std::string_view data)
    {
        (void)data;
        return true;
    }
    void end(std::string_view data = {}, bool closeConnection = false)
    {
        (void)data, (void)closeConnection;
    }
    void close() {}
    bool hasResponded() { return false; }
    HttpResponse *cork(MoveOnlyFunction<void()> &&handler)
    {
        (void)handler;
        return this;
    }
    HttpResponse *onWritable(MoveOnlyFunction<bool(uintmax_t)> &&handler)
    {
        (void)handler;
        return this;
    }
    HttpResponse *onAborted(MoveOnlyFunction<void()> &&handler)
    {
        (void)handler;
        return this;
    }
    void onData(MoveOnlyFunction<void(std::string_view, bool)> &&handler) { (void)handler; }
};

template <bool SSL>
struct TemplatedApp
{
    using Handler = MoveOnlyFunction<void(HttpResponse<SSL> *, HttpRequest *)>;

    TemplatedApp &&get(std::string pattern, Handler &&handler)
    {
        (void)pattern, (void)handler;
        return std::move(*this);
    }
    TemplatedApp &&post(std::string pattern, Handler &&handler)
    {
        (void)pattern, (void)handler;
        return std::move(*this);
    }
    TemplatedApp &&any(std::string pattern, Handler &&handler)
    {
        (void)pattern, (void)handler;
        return std::move(*this);
    }
    TemplatedApp &&listen(int port, MoveOnlyFunction<void(us_listen_socket_t *)> &&handler)
    {
        (void)port, (void)handler;
        return std::move(*this);
    }
    TemplatedApp &&run() { return std::move(*this); }
};

typedef TemplatedApp<false> App;
typedef TemplatedApp<true> SSLApp;
}  // namespace uWS
