// Mock of ngrest's utils/Exception.h (https://github.com/loentar/ngrest, core/utils/src/Exception.h), written for racelab's field
// corpus from ngrest's README, wiki and public headers: only what the cases use, with ngrest's
// namespace, names and signatures; bodies are trivial. Not ngrest's code.
#pragma once
#include <string>
#include <utility>

namespace ngrest {

class Exception
{
public:
    Exception(const char* fileLine, const char* function, std::string description)
        : description_(std::move(description))
    {
        (void)fileLine, (void)function;
    }
    virtual ~Exception() {}
    const std::string& getDescription() const { return description_; }

private:
    std::string description_;
};

} // namespace ngrest
