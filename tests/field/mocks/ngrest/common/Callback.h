// Mock of ngrest's common/Callback.h (https://github.com/loentar/ngrest, core/common/src/Callback.h), written for racelab's field
// corpus from ngrest's README, wiki and public headers: only what the cases use, with ngrest's
// namespace, names and signatures; bodies are trivial. Not ngrest's code.
#pragma once

namespace ngrest {

class Exception;

// An async operation's callback: it lives in the request's memory pool until success() or
// error() is called.
template <typename R>
class Callback
{
public:
    virtual ~Callback() {}
    virtual void success(R result) = 0;
    virtual void error(const Exception& error) = 0;
};

class VoidCallback
{
public:
    virtual ~VoidCallback() {}
    virtual void success() = 0;
    virtual void error(const Exception& error) = 0;
};

} // namespace ngrest
