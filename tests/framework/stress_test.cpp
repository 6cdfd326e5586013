// Many clients over keep-alive at once: every answer right, and (in the tsan preset) no race
// inside minigin. 8 client threads x 2,000 requests.
#include <minigin/minigin.h>

#include "test_client.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

using minigin::Context;

TEST(Stress, EightClientsTwoThousandRequestsEach) {
  minigin::Engine engine;
  std::ostringstream log;
  engine.use(minigin::recovery(log));
  engine.get("/user/:id", [](Context& c) {
    // Touch every lazily built part, and hand a copy to the response path.
    auto cp = c.copy();
    c.set("seen", std::string(c.query("q")));
    c.string(200, std::string(cp.param("id")) + ":" + c.must_get<std::string>("seen"));
  });
  minigin::ServerOptions o;
  o.threads = 2;
  minigin::Server server(engine, o);
  server.start();

  constexpr int kClients = 8, kRequests = 2000;
  std::atomic<int> wrong{0}, answered{0};
  std::vector<std::thread> clients;
  for (int t = 0; t < kClients; ++t)
    clients.emplace_back([&, t] {
      testing_client::RawClient c(server.port());
      for (int i = 0; i < kRequests; ++i) {
        std::string id = std::to_string(t) + "-" + std::to_string(i);
        c.send(testing_client::get("/user/" + id + "?q=" + std::to_string(i * t)));
        auto r = c.read_reply();
        if (!r.ok || r.body != id + ":" + std::to_string(i * t))
          ++wrong;
        ++answered;
      }
    });
  for (auto& t : clients)
    t.join();
  server.stop();
  server.wait();
  EXPECT_EQ(answered.load(), kClients * kRequests);
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_LE(engine.pool().created(), 8u) << "contexts are reused, not made per request";
  EXPECT_EQ(log.str(), "");
}
