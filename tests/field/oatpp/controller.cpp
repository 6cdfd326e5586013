// oatpp ApiController endpoints (simple, multi-threaded API: the connection handler serves each
// connection on its own thread). REQUEST(std::shared_ptr<IncomingRequest>, request) gives the
// endpoint a `const std::shared_ptr<IncomingRequest>&` that belongs to the generated proxy: the
// shared_ptr copied keeps the request alive, a reference to it dangles.
#include "oatpp/core/async/Executor.hpp"
#include "oatpp/core/macro/codegen.hpp"
#include "oatpp/web/server/api/ApiController.hpp"

#include <atomic>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

void audit(const std::string &what);
std::string lookup(const std::string &key);

long g_hits = 0;
std::atomic<long> g_served{0};
thread_local long t_hits = 0;

class AuditCoroutine;
oatpp::async::Executor executor(4);

#include OATPP_CODEGEN_BEGIN(ApiController)

class UserController : public oatpp::web::server::api::ApiController
{
  public:
    // case: oatpp_request_by_reference (bug): the endpoint's request pointer captured by reference into a detached thread; source: https://oatpp.io/docs/components/api-controller/
    ENDPOINT("POST", "/audit", postAudit, REQUEST(std::shared_ptr<IncomingRequest>, request))
    {
        std::thread([&request] { audit(*request->getHeader("X-User")); }).detach(); // BUG: racelab-context-escape
        return createResponse(Status::CODE_202, "queued");
    }

    // case: oatpp_request_by_value (ok): the shared_ptr copied into the thread keeps the request alive; source: https://oatpp.io/docs/components/api-controller/
    ENDPOINT("POST", "/audit2", postAudit2, REQUEST(std::shared_ptr<IncomingRequest>, request))
    {
        std::thread([request] { audit(*request->getHeader("X-User")); }).detach();
        return createResponse(Status::CODE_202, "queued");
    }

    // case: oatpp_async_get (ok): the lookup runs on another thread and the endpoint waits for it; source: https://oatpp.io/docs/components/api-controller/
    ENDPOINT("GET", "/users/{id}", getUser, PATH(oatpp::Int64, id), REQUEST(std::shared_ptr<IncomingRequest>, request))
    {
        (void)id;
        auto name = std::async(std::launch::async, [&request] { return lookup(*request->getPathVariable("id")); }).get();
        return createResponse(Status::CODE_200, name);
    }

    // case: oatpp_executor_raw_pointer (bug): the request handed to a coroutine on the executor as a raw pointer; source: https://oatpp.io/docs/oatpp-coroutines/
    ENDPOINT("POST", "/audit3", postAudit3, REQUEST(std::shared_ptr<IncomingRequest>, request))
    {
        executor.execute<AuditCoroutine>(request.get()); // BUG: racelab-context-escape
        return createResponse(Status::CODE_202, "queued");
    }

    // case: oatpp_executor_shared_ptr (ok): the coroutine receives the shared_ptr itself; source: https://oatpp.io/docs/oatpp-coroutines/
    ENDPOINT("POST", "/audit4", postAudit4, REQUEST(std::shared_ptr<IncomingRequest>, request))
    {
        executor.execute<AuditCoroutine>(request);
        return createResponse(Status::CODE_202, "queued");
    }

    // case: oatpp_global_hit_counter (bug): a plain global counter incremented by endpoints that run on one thread per connection; source: https://oatpp.io/docs/components/api-controller/
    ENDPOINT("GET", "/hits", getHits)
    {
        ++g_hits; // BUG: racelab-unsynchronized-shared-write
        return createResponse(Status::CODE_200, std::to_string(g_hits));
    }

    // case: oatpp_atomic_hit_counter (ok): the same counter as a std::atomic; source: https://oatpp.io/docs/components/api-controller/
    ENDPOINT("GET", "/served", getServed)
    {
        long n = g_served.fetch_add(1) + 1;
        return createResponse(Status::CODE_200, std::to_string(n));
    }

    // case: oatpp_thread_local_hit_counter (ok): a per-thread counter: each connection thread has its own; source: https://en.cppreference.com/w/cpp/language/storage_duration
    ENDPOINT("GET", "/mine", getMine)
    {
        ++t_hits;
        return createResponse(Status::CODE_200, std::to_string(t_hits));
    }

    // case: oatpp_controller_member_write (bug): the controller is one object for every connection thread; a plain member written by an endpoint races; source: https://oatpp.io/docs/components/api-controller/
    ENDPOINT("POST", "/users", postUser, BODY_STRING(oatpp::String, body))
    {
        m_lastBody = body; // BUG: racelab-unsynchronized-shared-write
        return createResponse(Status::CODE_200, "stored");
    }

    // case: oatpp_controller_member_under_mutex (ok): the same member written under the controller's mutex; source: https://oatpp.io/docs/components/api-controller/
    ENDPOINT("PUT", "/users", putUser, BODY_STRING(oatpp::String, body))
    {
        std::lock_guard<std::mutex> lock(m_lock);
        m_lastBody = body;
        return createResponse(Status::CODE_200, "stored");
    }

    // case: oatpp_body_by_reference (bug): the BODY_STRING parameter, a reference to the generated proxy's local, captured by reference into a detached thread; source: https://oatpp.io/docs/components/api-controller/
    ENDPOINT("POST", "/notes", postNote, BODY_STRING(oatpp::String, body))
    {
        std::thread([&body] { audit(*body); }).detach(); // BUG: racelab-context-escape
        return createResponse(Status::CODE_202, "queued");
    }

    // case: oatpp_body_by_value (ok): the fix: the thread owns a copy of the oatpp::String (a shared owner of the text); source: https://oatpp.io/docs/components/api-controller/
    ENDPOINT("POST", "/notes2", postNote2, BODY_STRING(oatpp::String, body), PATH(oatpp::Int64, id))
    {
        std::thread([body, id] { audit(*body + std::to_string(*id)); }).detach();
        return createResponse(Status::CODE_202, "queued");
    }

  private:
    std::mutex m_lock;
    oatpp::String m_lastBody;
};

#include OATPP_CODEGEN_END(ApiController)
