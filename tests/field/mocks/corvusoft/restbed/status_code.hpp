// Mock of restbed's status_code.hpp (https://github.com/Corvusoft/restbed, source/corvusoft/restbed/status_code.hpp),
// written for racelab's field corpus from restbed's documentation/API.md and public headers:
// only what the cases use, with restbed's namespace, names and signatures; bodies are trivial.
// Not restbed's code.
#pragma once

namespace restbed
{
    enum : int
    {
        OK = 200,
        ACCEPTED = 202,
        BAD_REQUEST = 400,
        INTERNAL_SERVER_ERROR = 500
    };
}
