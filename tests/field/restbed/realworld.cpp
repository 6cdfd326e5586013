// restbed services shaped like the applications on GitHub that use restbed: a class that binds
// its member functions with std::bind, the request's shared_ptr kept by the work, a reference
// to get_request()'s result. Method handlers run on the service's workers, several at once with
// settings->set_worker_limit(n).
#include <restbed>

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>

using namespace restbed;

void index_path(const std::string& path);

long catalog_hits = 0;
std::atomic<long> catalog_hits_atomic{0};

class CatalogApi {
public:
  void publish(Service& service) {
    auto items = std::make_shared<Resource>();
    items->set_path("/items");
    items->set_method_handler("GET", std::bind(&CatalogApi::list, this, std::placeholders::_1));
    service.publish(items);
    auto stats = std::make_shared<Resource>();
    stats->set_path("/stats");
    stats->set_method_handler("GET", std::bind(&CatalogApi::stats, this, std::placeholders::_1));
    service.publish(stats);
  }

private:
  // case: restbed_bound_member_global_counter (bug): a member function bound with std::bind as a method handler bumps a global counter; source: https://github.com/Corvusoft/restbed/issues/125
  void list(const std::shared_ptr<Session> session) {
    ++catalog_hits; // BUG: racelab-unsynchronized-shared-write
    session->close(OK, "[]");
  }

  // case: restbed_bound_member_atomic_counter (ok): the same count in an atomic; source: https://github.com/Corvusoft/restbed/issues/125
  void stats(const std::shared_ptr<Session> session) {
    session->close(OK, std::to_string(++catalog_hits_atomic));
  }
};

// case: restbed_request_shared_copy (ok): the request's shared_ptr copied into a detached indexer, which keeps the request alive; source: https://github.com/Corvusoft/restbed/issues/110
void request_shared_copy(const std::shared_ptr<Session> session) {
  auto request = session->get_request();
  std::thread([request] { index_path(request->get_path()); }).detach();
  session->close(ACCEPTED);
}

// case: restbed_request_reference (bug): get_request()'s result bound to a const reference (the temporary lives as long as the handler) and captured by reference into a detached indexer; source: https://github.com/Corvusoft/restbed/issues/110
void request_reference(const std::shared_ptr<Session> session) {
  const auto& request = session->get_request();
  std::thread([&request] { index_path(request->get_path()); }).detach(); // BUG: racelab-context-escape
  session->close(ACCEPTED);
}

// case: restbed_path_copied (ok): the path taken as a std::string before the thread; source: https://github.com/Corvusoft/restbed/issues/110
void path_copied(const std::shared_ptr<Session> session) {
  std::string path = session->get_request()->get_path();
  std::thread([path] { index_path(path); }).detach();
  session->close(ACCEPTED);
}
