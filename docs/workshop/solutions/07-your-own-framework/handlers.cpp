// Solution 7: with SpawnFunctions set, both escapes are found; shop::Request is copyable, so each
// job captures a copy of what it needs (here, the user name). The refund's job goes to the owned
// queue too (joined when the queue is destroyed) instead of a detached thread.
#include "shop.h"

#include <cstdio>
#include <string>

void send_receipt(const std::string& user) {
  std::printf("receipt for %s\n", user.c_str());
}

void on_checkout(shop::Jobs& jobs, const shop::Request& req) {
  jobs.enqueue([user = req.user] { send_receipt(user); });
}

void on_refund(shop::Jobs& jobs, const shop::Request& req) {
  jobs.enqueue([user = req.user] { send_receipt(user); });
}

int main() {
  shop::Jobs jobs;
  shop::Request r{"/checkout", "alice"};
  on_checkout(jobs, r);
  (void)&on_refund;
}
