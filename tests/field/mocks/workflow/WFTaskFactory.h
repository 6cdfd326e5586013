// Mock of sogou/workflow's task API (https://github.com/sogou/workflow, src/factory/
// WFTaskFactory.h, src/factory/Workflow.h), written for racelab's field corpus from workflow's
// docs (about-counter.md) and public headers: only what the wfrest cases use, with workflow's
// names and signatures; bodies are trivial. Not workflow's code.
#pragma once
#include <functional>
#include <string>
#include <utility>

class SubTask
{
public:
	virtual ~SubTask() = default;
};

// A task that completes when count() has been called its target number of times: pushed into a
// series, it holds the series (and a server task's request and response) until then.
class WFCounterTask : public SubTask
{
public:
	virtual void count() {}
	void *user_data = nullptr;
};

class WFGoTask : public SubTask
{
public:
	void start() {}
};

class SeriesWork
{
public:
	void push_back(SubTask *task) { (void)task; }
	void *get_context() const { return context; }
	void set_context(void *ctx) { context = ctx; }

private:
	void *context = nullptr;
};

using counter_callback_t = std::function<void(WFCounterTask *)>;

class WFTaskFactory
{
public:
	static WFCounterTask *create_counter_task(unsigned int target_value, counter_callback_t callback)
	{
		(void)target_value, (void)callback;
		return new WFCounterTask;
	}

	template<class FUNC, class... ARGS>
	static WFGoTask *create_go_task(const std::string& queue_name, FUNC&& func, ARGS&&... args)
	{
		(void)queue_name, (void)func, ((void)args, ...);
		return new WFGoTask;
	}
};
