// restbed handlers that hand work to other threads or to restbed's own callbacks. A method
// handler gets `const std::shared_ptr<Session>`; a copy of that shared_ptr keeps the session and
// its request alive, which is restbed's way to answer later. A reference to the handler's own
// parameter, or the raw Session*, dangles once the handler returns; fetch, sleep_for and
// yield's callbacks run after it has returned.
#include <restbed>

#include <chrono>
#include <memory>
#include <string>
#include <thread>

using namespace restbed;

std::string run_search(const std::string& query);
std::string render(const Bytes& body);
std::shared_ptr<Service> service;

// case: restbed_session_ref_thread (bug): a search started on a detached thread with the handler's session captured by reference; source: https://github.com/Corvusoft/restbed/issues/110
void search_handler(const std::shared_ptr<Session> session)
{
    const auto request = session->get_request();
    const std::string query = request->get_query_parameter("q");
    std::thread([&session, query] { // BUG: racelab-context-escape
        session->close(OK, run_search(query));
    }).detach();
}

// case: restbed_session_copied_thread (ok): the shared_ptr copied into the thread, and the answer handed back to restbed's workers with Service::schedule, as RetroShare fixed its crash; source: https://github.com/RetroShare/RetroShare/pull/1621
void search_handler2(const std::shared_ptr<Session> session)
{
    const std::string query = session->get_request()->get_query_parameter("q");
    std::thread([session, query] {
        std::string result = run_search(query);
        service->schedule([session, result] { session->close(OK, result); });
    }).detach();
}

// case: restbed_raw_session_pointer (bug): the raw Session* taken from the shared_ptr outlives the handler in a worker thread; source: https://github.com/Corvusoft/restbed/issues/110
void export_handler(const std::shared_ptr<Session> session)
{
    std::thread([raw = session.get()] { // BUG: racelab-context-escape
        raw->close(OK, run_search("export"));
    }).detach();
}

// case: restbed_fetch_request_ref (bug): the request captured by reference into fetch's callback, which runs after the handler returned; source: https://github.com/Corvusoft/restbed/issues/125
void post_handler(const std::shared_ptr<Session> session)
{
    const auto request = session->get_request();
    const int length = request->get_header("Content-Length", 0);
    session->fetch(static_cast<std::size_t>(length), [&request](const std::shared_ptr<Session> s, const Bytes& body) { // BUG: racelab-context-escape
        s->close(OK, render(body) + request->get_path());
    });
}

// case: restbed_fetch_request_copied (ok): the request's shared_ptr copied into fetch's callback, as in restbed#125, and the session taken from the callback's argument; source: https://github.com/Corvusoft/restbed/issues/125
void post_handler2(const std::shared_ptr<Session> session)
{
    const auto request = session->get_request();
    const int length = request->get_header("Content-Length", 0);
    session->fetch(static_cast<std::size_t>(length), [request](const std::shared_ptr<Session> s, const Bytes& body) {
        s->close(OK, render(body) + request->get_path());
    });
}

// case: restbed_sleep_for_default_ref (bug): a [&] default in sleep_for's callback uses the handler's session parameter instead of the callback's own; source: https://github.com/Corvusoft/restbed/issues/125
void delayed_handler(const std::shared_ptr<Session> session)
{
    session->sleep_for(std::chrono::milliseconds(5), [&](const std::shared_ptr<Session>) {
        session->yield(OK, "Hello, World!"); // BUG: racelab-context-escape
    });
}

// case: restbed_sleep_for_own_session (ok): the callback answers through the session restbed passes to it; source: https://github.com/Corvusoft/restbed/issues/125
void delayed_handler2(const std::shared_ptr<Session> session)
{
    session->sleep_for(std::chrono::milliseconds(5), [](const std::shared_ptr<Session> s) {
        s->yield(OK, "Hello, World!");
    });
}

// case: restbed_no_thread (ok): the handler answers before it returns; source: https://github.com/Corvusoft/restbed/blob/master/documentation/example/SCHEDULE_WORK.md
void get_method_handler(const std::shared_ptr<Session> session)
{
    session->close(OK, run_search(session->get_request()->get_path()));
}
