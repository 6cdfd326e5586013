// Exercise 7: your own framework. The racelab checks know minigin; here they are configured for
// `shop::Request` in this directory's .clang-tidy. Lint this file:
//   build/bin/racelab lint docs/workshop/exercises/07-your-own-framework/handlers.cpp
// It finds the std::thread, but not the job handed to shop::Jobs::enqueue. Teach the checks
// about the queue (SpawnFunctions), then fix both handlers.
// 练习 7：你自己的框架。racelab 的检查认识 minigin；这里通过本目录的 .clang-tidy 让它们认识
// `shop::Request`。用上面的命令 lint 这个文件：它能找到 std::thread，却找不到交给
// shop::Jobs::enqueue 的任务。让检查认识这个队列（SpawnFunctions），然后修好两个处理函数。
// EXPECT: lint racelab-context-escape
#include "shop.h"

#include <cstdio>
#include <string>
#include <thread>

void send_receipt(const std::string& user) {
  std::printf("receipt for %s\n", user.c_str());
}

void on_checkout(shop::Jobs& jobs, const shop::Request& req) {
  jobs.enqueue([&req] { send_receipt(req.user); });
}

void on_refund(const shop::Request& req) {
  std::thread([&req] { send_receipt(req.user); }).detach();
}

int main() {
  shop::Jobs jobs;
  shop::Request r{"/checkout", "alice"};
  on_checkout(jobs, r);
  (void)&on_refund; // not called here: the point is what the linter sees
                    // 这里不调用它：要看的是 linter 看到了什么
}
