// Solution 7: with SpawnFunctions set, both escapes are found; shop::Request is copyable, so each
// job captures a copy of what it needs (here, the user name). The refund's job goes to the owned
// queue too (joined when the queue is destroyed) instead of a detached thread.
// 参考答案 7：设置 SpawnFunctions 之后，两处逃逸都能找到；shop::Request 可以复制，所以每个
// 任务按值捕获它需要的东西（这里是用户名）。退款的任务同样交给这个队列（它有明确的拥有者，
// 销毁时 join），而不是已分离的线程。
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
