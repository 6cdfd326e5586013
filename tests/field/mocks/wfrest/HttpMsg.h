// Mock of wfrest's HttpMsg.h (https://github.com/wfrest/wfrest, src/core/HttpMsg.h), written for
// racelab's field corpus from wfrest's README, docs and public headers: only what the cases use,
// with wfrest's namespace, names and signatures; bodies are trivial. Not wfrest's code.
#pragma once
#include <map>
#include <string>
#include <utility>

#include "workflow/WFTaskFactory.h"

namespace wfrest
{

class Noncopyable
{
protected:
    Noncopyable() = default;
    ~Noncopyable() = default;
    Noncopyable(const Noncopyable&) = delete;
    Noncopyable& operator=(const Noncopyable&) = delete;
};

class HttpReq : public Noncopyable
{
public:
    std::string &body() const { return body_; }
    const std::string &header(const std::string &key) const { (void)key; return body_; }
    const std::string &param(const std::string &key) const { (void)key; return body_; }
    const std::string &query(const std::string &key) const { (void)key; return body_; }
    std::string current_path() const { return body_; }

private:
    mutable std::string body_;
};

class HttpResp : public Noncopyable
{
public:
    void String(const std::string &str) { (void)str; }
    void String(std::string &&str) { (void)str; }
    void set_status(int status_code) { (void)status_code; }

    // Runs func on the compute queue as a go task added to the handler's series: the response
    // is sent after it has run.
    template<class FUNC, class... ARGS>
    void Compute(int compute_queue_id, FUNC&& func, ARGS&&... args)
    {
        WFGoTask *go_task = WFTaskFactory::create_go_task("wfrest" + std::to_string(compute_queue_id),
                                                          std::forward<FUNC>(func), std::forward<ARGS>(args)...);
        (void)go_task;
    }

    std::map<std::string, std::string> headers;
};

} // namespace wfrest
