// Mock of drogon's public API (https://github.com/drogonframework/drogon, lib/inc/drogon/*.h),
// written for racelab's field corpus from drogon's wiki and public headers: only what the cases
// use, with drogon's namespaces, names, aliases and signatures; bodies are trivial. Not drogon's
// code.
#pragma once
#include <coroutine>
#include <exception>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <trantor/net/EventLoop.h>
#include <trantor/utils/ConcurrentTaskQueue.h>

namespace drogon
{
enum HttpStatusCode
{
    k200OK = 200,
    k202Accepted = 202,
    k400BadRequest = 400,
    k401Unauthorized = 401,
    k500InternalServerError = 500,
};

enum ContentType
{
    CT_NONE = 0,
    CT_APPLICATION_JSON,
    CT_TEXT_PLAIN,
};

enum HttpMethod
{
    Get = 0,
    Post,
    Head,
    Put,
    Delete,
};

// lib/inc/drogon/HttpRequest.h
class HttpRequest
{
  public:
    const std::string &getParameter(const std::string &key) const
    {
        (void)key;
        return path_;
    }
    const std::string &getHeader(std::string key) const
    {
        (void)key;
        return path_;
    }
    const std::string &path() const { return path_; }
    std::string_view body() const { return path_; }
    const std::string &query() const { return path_; }
    virtual ~HttpRequest() = default;

  private:
    std::string path_;
};
using HttpRequestPtr = std::shared_ptr<HttpRequest>;

// lib/inc/drogon/HttpResponse.h
class HttpResponse;
using HttpResponsePtr = std::shared_ptr<HttpResponse>;
class HttpResponse
{
  public:
    static HttpResponsePtr newHttpResponse() { return std::make_shared<HttpResponse>(); }
    static HttpResponsePtr newHttpResponse(HttpStatusCode code, ContentType type)
    {
        (void)code, (void)type;
        return std::make_shared<HttpResponse>();
    }
    void setStatusCode(HttpStatusCode code) { (void)code; }
    void setBody(const std::string &body) { (void)body; }
    void setBody(std::string &&body) { (void)body; }
    virtual ~HttpResponse() = default;
};

// lib/inc/drogon/drogon_callbacks.h
using AdviceCallback = std::function<void(const HttpResponsePtr &)>;
using AdviceChainCallback = std::function<void()>;
using FilterCallback = std::function<void(const HttpResponsePtr &)>;
using FilterChainCallback = std::function<void()>;

namespace internal
{
// lib/inc/drogon/utils/HttpConstraint.h: a method or a filter name.
class HttpConstraint
{
  public:
    HttpConstraint(HttpMethod method) { (void)method; }
    HttpConstraint(std::string filterName) { (void)filterName; }
    HttpConstraint(const char *filterName) { (void)filterName; }
};
}  // namespace internal

// lib/inc/drogon/utils/coroutine.h (C++20): lazily started tasks.
template <typename T = void>
struct [[nodiscard]] Task
{
    struct promise_type
    {
        T value_{};
        Task get_return_object()
        {
            return Task{std::coroutine_handle<promise_type>::from_promise(*this)};
        }
        std::suspend_always initial_suspend() noexcept { return {}; }
        std::suspend_always final_suspend() noexcept { return {}; }
        void return_value(T v) { value_ = std::move(v); }
        void unhandled_exception() { std::terminate(); }
    };
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<> h) { (void)h; }
    T await_resume() { return coro_.promise().value_; }
    std::coroutine_handle<promise_type> coro_;
};

template <>
struct [[nodiscard]] Task<void>
{
    struct promise_type
    {
        Task get_return_object()
        {
            return Task{std::coroutine_handle<promise_type>::from_promise(*this)};
        }
        std::suspend_always initial_suspend() noexcept { return {}; }
        std::suspend_always final_suspend() noexcept { return {}; }
        void return_void() {}
        void unhandled_exception() { std::terminate(); }
    };
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<> h) { (void)h; }
    void await_resume() {}
    std::coroutine_handle<promise_type> coro_;
};

/// A fire-and-forget coroutine: not awaitable.
struct AsyncTask
{
    struct promise_type
    {
        AsyncTask get_return_object() { return {}; }
        std::suspend_never initial_suspend() noexcept { return {}; }
        std::suspend_never final_suspend() noexcept { return {}; }
        void return_void() {}
        void unhandled_exception() { std::terminate(); }
    };
};

namespace internal
{
template <typename T>
struct [[nodiscard]] EventLoopAwaiter
{
    EventLoopAwaiter(std::function<T()> &&task, trantor::EventLoop *loop)
        : task_(std::move(task)), loop_(loop)
    {
    }
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<> h) { (void)h; }
    T await_resume() { return T(); }

  private:
    std::function<T()> task_;
    trantor::EventLoop *loop_;
};
}  // namespace internal

/// Runs a coroutine (a callable returning an awaitable) from a regular function, detached.
template <typename Coro>
void async_run(Coro &&coro)
{
    (void)coro;
}

/// Runs a task on a loop; co_await the result to wait for it.
template <typename T>
inline internal::EventLoopAwaiter<T> queueInLoopCoro(trantor::EventLoop *loop,
                                                     std::function<T()> task)
{
    return internal::EventLoopAwaiter<T>(std::move(task), loop);
}

// lib/inc/drogon/DrObject.h: the reflection base every controller and filter derives from;
// drogon creates one object of each class (DrClassMap's singletons).
class DrObjectBase
{
  public:
    virtual const std::string &className() const
    {
        static const std::string name;
        return name;
    }
    virtual ~DrObjectBase() = default;
};

template <typename T>
class DrObject : public virtual DrObjectBase
{
  public:
    static const std::string &classTypeName()
    {
        static const std::string name;
        return name;
    }
};

// lib/inc/drogon/HttpFilter.h
class HttpFilterBase : public virtual DrObjectBase
{
  public:
    virtual void doFilter(const HttpRequestPtr &req,
                          FilterCallback &&fcb,
                          FilterChainCallback &&fccb) = 0;
};

template <typename T, bool AutoCreation = true>
class HttpFilter : public DrObject<T>, public HttpFilterBase
{
  public:
    static constexpr bool isAutoCreation{AutoCreation};
};

// lib/inc/drogon/WebSocketConnection.h
enum class WebSocketMessageType
{
    Text,
    Binary,
    Ping,
    Pong,
    Close,
    Unknown
};

class WebSocketConnection
{
  public:
    virtual void send(const std::string &msg,
                      const WebSocketMessageType type = WebSocketMessageType::Text)
    {
        (void)msg, (void)type;
    }
    virtual bool connected() const { return true; }
    virtual ~WebSocketConnection() = default;
};
using WebSocketConnectionPtr = std::shared_ptr<WebSocketConnection>;

// lib/inc/drogon/HttpAppFramework.h
class HttpAppFramework
{
  public:
    /// Registers a handler: a callable taking the request, then (unless it returns a
    /// Task<HttpResponsePtr>) the response callback, then the path's parameters. Drogon calls it
    /// on its I/O threads, several requests at once.
    template <typename FUNCTION>
    HttpAppFramework &registerHandler(
        const std::string &pathPattern,
        FUNCTION &&function,
        const std::vector<internal::HttpConstraint> &constraints = {},
        const std::string &handlerName = "")
    {
        (void)pathPattern, (void)function, (void)constraints, (void)handlerName;
        return *this;
    }
    trantor::EventLoop *getLoop() const { return nullptr; }
    trantor::EventLoop *getIOLoop(size_t id) const
    {
        (void)id;
        return nullptr;
    }
    HttpAppFramework &setThreadNum(size_t threadNum)
    {
        (void)threadNum;
        return *this;
    }
    HttpAppFramework &addListener(const std::string &ip, uint16_t port)
    {
        (void)ip, (void)port;
        return *this;
    }
    void run() {}
};

inline HttpAppFramework &app()
{
    static HttpAppFramework instance;
    return instance;
}

// lib/inc/drogon/HttpController.h: the METHOD_LIST macros declare a static initPathRouting() in
// the controller that hands each method, by member pointer, to registerMethod (drogon runs it
// before main; newer drogon passes the app as a first argument).
class HttpControllerBase
{
};

template <typename T, bool AutoCreation = true>
class HttpController : public DrObject<T>, public HttpControllerBase
{
  public:
    static constexpr bool isAutoCreation = AutoCreation;

  protected:
    template <typename FUNCTION>
    static void registerMethod(FUNCTION &&function,
                               const std::string &pattern,
                               const std::vector<internal::HttpConstraint> &constraints = {},
                               bool classNameInPath = true,
                               const std::string &handlerName = "")
    {
        (void)function, (void)pattern, (void)constraints, (void)classNameInPath, (void)handlerName;
    }
    template <typename FUNCTION>
    static void registerMethodViaRegex(
        FUNCTION &&function,
        const std::string &regExp,
        const std::vector<internal::HttpConstraint> &constraints = {},
        const std::string &handlerName = "")
    {
        (void)function, (void)regExp, (void)constraints, (void)handlerName;
    }
};

// lib/inc/drogon/HttpSimpleController.h
class HttpSimpleControllerBase : public virtual DrObjectBase
{
  public:
    virtual void asyncHandleHttpRequest(
        const HttpRequestPtr &req,
        std::function<void(const HttpResponsePtr &)> &&callback) = 0;
};

template <typename T, bool AutoCreation = true>
class HttpSimpleController : public DrObject<T>, public HttpSimpleControllerBase
{
  public:
    static const bool isAutoCreation = AutoCreation;

  protected:
    static void registerSelf__(const std::string &path,
                               const std::vector<internal::HttpConstraint> &constraints)
    {
        (void)path, (void)constraints;
    }
};

// lib/inc/drogon/WebSocketController.h
class WebSocketControllerBase : public virtual DrObjectBase
{
  public:
    virtual void handleNewMessage(const WebSocketConnectionPtr &,
                                  std::string &&,
                                  const WebSocketMessageType &) = 0;
    virtual void handleNewConnection(const HttpRequestPtr &,
                                     const WebSocketConnectionPtr &) = 0;
    virtual void handleConnectionClosed(const WebSocketConnectionPtr &) = 0;
};

template <typename T, bool AutoCreation = true>
class WebSocketController : public DrObject<T>, public WebSocketControllerBase
{
  public:
    static const bool isAutoCreation = AutoCreation;

  protected:
    static void registerSelf__(const std::string &path,
                               const std::vector<internal::HttpConstraint> &constraints)
    {
        (void)path, (void)constraints;
    }
};
}  // namespace drogon

#define METHOD_LIST_BEGIN         \
    static void initPathRouting() \
    {
#define METHOD_ADD(method, pattern, ...) \
    registerMethod(&method, pattern, {__VA_ARGS__}, true, #method)
#define ADD_METHOD_TO(method, path_pattern, ...) \
    registerMethod(&method, path_pattern, {__VA_ARGS__}, false, #method)
#define ADD_METHOD_VIA_REGEX(method, regex, ...) \
    registerMethodViaRegex(&method, regex, {__VA_ARGS__}, #method)
#define METHOD_LIST_END \
    return;             \
    }
#define PATH_LIST_BEGIN           \
    static void initPathRouting() \
    {
#define PATH_ADD(path, ...) registerSelf__(path, {__VA_ARGS__})
#define PATH_LIST_END }
#define WS_PATH_LIST_BEGIN        \
    static void initPathRouting() \
    {
#define WS_PATH_ADD(path, ...) registerSelf__(path, {__VA_ARGS__})
#define WS_PATH_LIST_END }
