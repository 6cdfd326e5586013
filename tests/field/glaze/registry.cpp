// Shared state behind glaze's REST registry: `registry<glz::opts{}, glz::REST>::on(service)`
// turns the member functions glz::meta<Service>::value lists into routes, and
// `server.mount("/api", registry.endpoints)` serves them on the server's threads (all cores by
// default), every request calling into the one `service` object. A REPE registry is not served
// by the HTTP server: whoever holds it calls registry.call.
#include <glaze/net/http_server.hpp>
#include <glaze/rpc/registry.hpp>

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

struct User
{
   uint64_t id{};
   std::string name{};
};

uint64_t last_lookup = 0;

// case: glaze_rest_service_member (bug): a service's id counter, a plain member, bumped in a method the REST registry exposes; source: https://github.com/stephenberry/glaze/blob/main/docs/networking/rest-registry.md
struct UserService
{
   User createUser(const User& user)
   {
      User created = user;
      created.id = next_id++; // BUG: racelab-unsynchronized-shared-write
      return created;
   }

   // case: glaze_rest_service_global (bug): an exposed method that records the last id asked for in a global; source: https://github.com/stephenberry/glaze/blob/main/docs/networking/rest-registry.md
   User getUserById(uint64_t id)
   {
      last_lookup = id; // BUG: racelab-unsynchronized-shared-write
      return User{id, "someone"};
   }

   // case: glaze_rest_service_read_only (ok): an exposed method that only reads the members; source: https://github.com/stephenberry/glaze/blob/main/docs/networking/rest-registry.md
   uint64_t getCount() { return next_id; }

   // case: glaze_rest_service_unlisted (ok): a method glz::meta does not list is not a route: its write runs only where main calls it; source: https://github.com/stephenberry/glaze/blob/main/docs/networking/rest-registry.md
   void reset() { next_id = 1; }

   uint64_t next_id = 1;
};

template <>
struct glz::meta<UserService>
{
   using T = UserService;
   static constexpr auto value = glz::object(&T::createUser, &T::getUserById, &T::getCount);
};

// case: glaze_rest_service_atomic (ok): the same counter as a std::atomic, and a list appended under a std::lock_guard; source: https://github.com/stephenberry/glaze/blob/main/docs/networking/rest-registry.md
struct SafeUserService
{
   User createUser(const User& user)
   {
      User created = user;
      created.id = next_id.fetch_add(1);
      std::lock_guard<std::mutex> lock(mtx);
      users.push_back(created);
      return created;
   }

   std::atomic<uint64_t> next_id{1};
   std::mutex mtx;
   std::vector<User> users;
};

template <>
struct glz::meta<SafeUserService>
{
   using T = SafeUserService;
   static constexpr auto value = glz::object(&T::createUser);
};

// case: glaze_repe_registry (ok): the same kind of service on a REPE registry, which the program calls itself from one thread; source: https://github.com/stephenberry/glaze/blob/main/docs/rpc/repe-rpc.md
struct Counter
{
   uint64_t increment() { return ++count; }
   uint64_t count = 0;
};

template <>
struct glz::meta<Counter>
{
   using T = Counter;
   static constexpr auto value = glz::object(&T::increment);
};

int main()
{
   glz::http_server server;
   UserService users;
   SafeUserService safe_users;
   users.reset();

   glz::registry<glz::opts{}, glz::REST> registry;
   registry.on(users);
   registry.on(safe_users);
   server.mount("/api", registry.endpoints);

   Counter counter;
   glz::registry<> repe;
   repe.on(counter);
   glz::repe::message in{"/increment", ""}, out{};
   repe.call(in, out);

   server.bind(8080);
   server.start();
}
