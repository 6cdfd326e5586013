// Shared state in drogon's controllers: drogon creates ONE object of each controller, filter and
// WebSocket controller class, and calls its handlers from every I/O thread at once
// (app().setThreadNum(n)). An HttpController's handlers are the methods its METHOD_LIST hands
// to registerMethod (ADD_METHOD_TO, METHOD_ADD, ADD_METHOD_VIA_REGEX), usually declared in the
// header and defined in the .cc, as here.
#include <drogon/drogon.h>

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

using namespace drogon;

std::string lastVisitor;
uint64_t messagesSeen = 0;

namespace api::v1
{
class User : public drogon::HttpController<User>
{
  public:
    METHOD_LIST_BEGIN
    ADD_METHOD_TO(User::getInfo, "/api/v1/users/{id}", Get);
    METHOD_ADD(User::login, "/token?userId={1}", Post);
    ADD_METHOD_TO(User::status, "/api/v1/status", Get);
    ADD_METHOD_TO(User::status, "/api/v1/health", Get);
    ADD_METHOD_TO(User::profile, "/api/v1/profile", Get);
    ADD_METHOD_TO(User::audited, "/api/v1/audited", Get);
    ADD_METHOD_VIA_REGEX(User::count, "/api/v1/count/.*", Get);
    ADD_METHOD_TO(User::lockedCount, "/api/v1/locked", Get);
    ADD_METHOD_TO(User::render, "/api/v1/render", Get);
    ADD_METHOD_TO(User::peek, "/api/v1/peek", Get);
    METHOD_LIST_END

    User() { reset(); }

    void getInfo(const HttpRequestPtr &req,
                 std::function<void(const HttpResponsePtr &)> &&callback,
                 int id);
    void login(const HttpRequestPtr &req,
               std::function<void(const HttpResponsePtr &)> &&callback,
               std::string &&userId);
    void status(const HttpRequestPtr &req, std::function<void(const HttpResponsePtr &)> &&callback);
    Task<HttpResponsePtr> profile(HttpRequestPtr req);
    void audited(const HttpRequestPtr &req, std::function<void(const HttpResponsePtr &)> &&callback);
    void count(const HttpRequestPtr &req, std::function<void(const HttpResponsePtr &)> &&callback);
    void lockedCount(const HttpRequestPtr &req,
                     std::function<void(const HttpResponsePtr &)> &&callback);
    void render(const HttpRequestPtr &req, std::function<void(const HttpResponsePtr &)> &&callback);
    void peek(const HttpRequestPtr &req, std::function<void(const HttpResponsePtr &)> &&callback);

  private:
    void reset() { hits_ = 0; }
    void note();
    uint64_t hits_ = 0;
    uint64_t checks_ = 0;
    uint64_t profiles_ = 0;
    uint64_t audits_ = 0;
    std::atomic<uint64_t> counted_{0};
    std::mutex mutex_;
    std::map<std::string, uint64_t> perUser_;
};
}  // namespace api::v1

using namespace api::v1;

// case: drogon_controller_member_counter (bug): a controller's hit counter, a plain member, bumped in a handler registered with ADD_METHOD_TO and defined out of line; source: https://github.com/drogonframework/drogon/wiki/ENG-04-2-Controller-HttpController
void User::getInfo(const HttpRequestPtr &req,
                   std::function<void(const HttpResponsePtr &)> &&callback,
                   int id)
{
    (void)req, (void)id;
    ++hits_; // BUG: racelab-unsynchronized-shared-write
    callback(HttpResponse::newHttpResponse());
}

// case: drogon_controller_global_by_path (bug): METHOD_ADD handler with a path parameter that records the last visitor in a global; source: https://github.com/drogonframework/drogon/wiki/ENG-04-2-Controller-HttpController
void User::login(const HttpRequestPtr &req,
                 std::function<void(const HttpResponsePtr &)> &&callback,
                 std::string &&userId)
{
    (void)req;
    lastVisitor = userId; // BUG: racelab-unsynchronized-shared-write
    callback(HttpResponse::newHttpResponse());
}

// case: drogon_controller_two_paths (bug): one method registered for two paths, bumping a member: one finding, not two; source: https://github.com/drogonframework/drogon/wiki/ENG-04-2-Controller-HttpController
void User::status(const HttpRequestPtr &req, std::function<void(const HttpResponsePtr &)> &&callback)
{
    (void)req;
    checks_ += 1; // BUG: racelab-unsynchronized-shared-write
    callback(HttpResponse::newHttpResponse());
}

// case: drogon_controller_coroutine (bug): a coroutine handler returning Task<HttpResponsePtr> that bumps a member; source: https://github.com/drogonframework/drogon/wiki/ENG-04-2-Controller-HttpController
Task<HttpResponsePtr> User::profile(HttpRequestPtr req)
{
    (void)req;
    profiles_++; // BUG: racelab-unsynchronized-shared-write
    co_return HttpResponse::newHttpResponse();
}

// case: drogon_controller_helper_write (bug): a handler calling an unregistered helper that bumps a member; source: https://github.com/drogonframework/drogon/issues/973
void User::audited(const HttpRequestPtr &req, std::function<void(const HttpResponsePtr &)> &&callback)
{
    (void)req;
    note();
    callback(HttpResponse::newHttpResponse());
}

// A helper is not registered: it runs when a handler calls it on the controller, so its write
// races as the handler's would (the check follows a handler's calls on `this` one level down);
// its writes from the constructor alone are fine.
void User::note()
{
    ++audits_; // BUG: racelab-unsynchronized-shared-write
}

// case: drogon_controller_atomic (ok): the same counter as a std::atomic, registered with ADD_METHOD_VIA_REGEX; source: https://github.com/drogonframework/drogon/wiki/ENG-04-2-Controller-HttpController
void User::count(const HttpRequestPtr &req, std::function<void(const HttpResponsePtr &)> &&callback)
{
    (void)req;
    ++counted_;
    callback(HttpResponse::newHttpResponse());
}

// case: drogon_controller_locked_map (ok): a per-user map updated under a std::lock_guard; source: https://github.com/drogonframework/drogon/issues/1063
void User::lockedCount(const HttpRequestPtr &req,
                       std::function<void(const HttpResponsePtr &)> &&callback)
{
    {
        std::lock_guard<std::mutex> lock(mutex_);
        ++perUser_[req->getParameter("user")];
    }
    callback(HttpResponse::newHttpResponse());
}

// case: drogon_controller_local (ok): the handler builds its body in locals only; source: https://github.com/drogonframework/drogon/wiki/ENG-04-2-Controller-HttpController
void User::render(const HttpRequestPtr &req, std::function<void(const HttpResponsePtr &)> &&callback)
{
    std::string body = "user ";
    body += req->getParameter("name");
    auto resp = HttpResponse::newHttpResponse();
    resp->setBody(std::move(body));
    callback(resp);
}

// case: drogon_controller_read_only (ok): a handler that only reads the members; the unregistered reset() writes one, but only from the constructor; source: https://github.com/drogonframework/drogon/wiki/ENG-04-2-Controller-HttpController
void User::peek(const HttpRequestPtr &req, std::function<void(const HttpResponsePtr &)> &&callback)
{
    (void)req;
    auto resp = HttpResponse::newHttpResponse();
    resp->setBody(std::to_string(hits_ + checks_));
    callback(resp);
}

// case: drogon_not_a_controller (ok): a class of the project with its own static registerMethod taking a member pointer, not drogon's: its methods are not handlers; source: https://github.com/drogonframework/drogon/wiki/ENG-04-2-Controller-HttpController
class Tally
{
  public:
    template <typename F>
    static void registerMethod(F &&f, const std::string &name)
    {
        (void)f, (void)name;
    }
    static void init() { registerMethod(&Tally::bump, "bump"); }
    void bump() { ++total_; }

  private:
    uint64_t total_ = 0;
};

// case: drogon_simple_controller_counter (bug): an HttpSimpleController's asyncHandleHttpRequest bumping a member of the one controller; source: https://github.com/drogonframework/drogon/wiki/ENG-04-1-Controller-HttpSimpleController
class TestCtrl : public drogon::HttpSimpleController<TestCtrl>
{
  public:
    void asyncHandleHttpRequest(const HttpRequestPtr &req,
                                std::function<void(const HttpResponsePtr &)> &&callback) override
    {
        (void)req;
        served_++; // BUG: racelab-unsynchronized-shared-write
        callback(HttpResponse::newHttpResponse());
    }
    PATH_LIST_BEGIN
    PATH_ADD("/test", Get);
    PATH_LIST_END

  private:
    uint64_t served_ = 0;
};

// case: drogon_simple_controller_atomic (ok): the same controller with a std::atomic counter; source: https://github.com/drogonframework/drogon/wiki/ENG-04-1-Controller-HttpSimpleController
class TestCtrl2 : public drogon::HttpSimpleController<TestCtrl2>
{
  public:
    void asyncHandleHttpRequest(const HttpRequestPtr &req,
                                std::function<void(const HttpResponsePtr &)> &&callback) override
    {
        (void)req;
        served_.fetch_add(1);
        callback(HttpResponse::newHttpResponse());
    }
    PATH_LIST_BEGIN
    PATH_ADD("/test2", Get);
    PATH_LIST_END

  private:
    std::atomic<uint64_t> served_{0};
};

// case: drogon_websocket_counters (bug): a WebSocket controller counting connections in a member and messages in a global; source: https://github.com/drogonframework/drogon/wiki/ENG-06-WebSocket
class EchoWebsock : public drogon::WebSocketController<EchoWebsock>
{
  public:
    void handleNewMessage(const WebSocketConnectionPtr &conn,
                          std::string &&message,
                          const WebSocketMessageType &type) override
    {
        (void)type;
        messagesSeen++; // BUG: racelab-unsynchronized-shared-write
        conn->send(message);
    }
    void handleNewConnection(const HttpRequestPtr &req, const WebSocketConnectionPtr &conn) override
    {
        (void)req, (void)conn;
        ++online_; // BUG: racelab-unsynchronized-shared-write
    }
    // case: drogon_websocket_locked (ok): the close handler updates the count under a lock_guard; source: https://github.com/drogonframework/drogon/wiki/ENG-06-WebSocket
    void handleConnectionClosed(const WebSocketConnectionPtr &conn) override
    {
        (void)conn;
        std::lock_guard<std::mutex> lock(mutex_);
        --online_;
    }
    WS_PATH_LIST_BEGIN
    WS_PATH_ADD("/echo", Get);
    WS_PATH_LIST_END

  private:
    std::mutex mutex_;
    int online_ = 0;
};

// case: drogon_filter_counter (bug): a filter counting rejected requests in a member of the one filter object; source: https://github.com/drogonframework/drogon/wiki/ENG-05-Middleware-and-Filter
class LoginFilter : public drogon::HttpFilter<LoginFilter>
{
  public:
    void doFilter(const HttpRequestPtr &req, FilterCallback &&fcb, FilterChainCallback &&fccb) override
    {
        if (req->getHeader("token").empty())
        {
            ++rejected_; // BUG: racelab-unsynchronized-shared-write
            fcb(HttpResponse::newHttpResponse(k401Unauthorized, CT_TEXT_PLAIN));
            return;
        }
        fccb();
    }

  private:
    uint64_t rejected_ = 0;
};

// case: drogon_filter_local (ok): a filter that decides from locals and the request only; source: https://github.com/drogonframework/drogon/wiki/ENG-05-Middleware-and-Filter
class LoginFilter2 : public drogon::HttpFilter<LoginFilter2>
{
  public:
    void doFilter(const HttpRequestPtr &req, FilterCallback &&fcb, FilterChainCallback &&fccb) override
    {
        const std::string token = req->getHeader("token");
        bool ok = !token.empty();
        if (!ok)
        {
            fcb(HttpResponse::newHttpResponse(k401Unauthorized, CT_TEXT_PLAIN));
            return;
        }
        fccb();
    }
};

int main()
{
    Tally::init();
    app().setThreadNum(4).addListener("0.0.0.0", 8080).run();
}
