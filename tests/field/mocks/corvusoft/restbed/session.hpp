// Mock of restbed's session.hpp (https://github.com/Corvusoft/restbed, source/corvusoft/restbed/session.hpp),
// written for racelab's field corpus from restbed's documentation/API.md and public headers:
// only what the cases use, with restbed's namespace, names and signatures; bodies are trivial.
// Not restbed's code.
#pragma once
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include <corvusoft/restbed/byte.hpp>
#include <corvusoft/restbed/request.hpp>

namespace restbed
{
    class Session : public std::enable_shared_from_this< Session >
    {
        public:
            explicit Session( const std::string& id ) : m_id( id ) { }
            virtual ~Session( void ) = default;

            bool is_open( void ) const { return true; }
            bool is_closed( void ) const { return false; }

            void close( const int status, const std::string& body = "" ) { (void) status, (void) body; }
            void close( const int status, const std::string& body, const std::multimap< std::string, std::string >& headers )
            {
                (void) status, (void) body, (void) headers;
            }

            // The callbacks run later, on a worker of the service, with the session as argument.
            void yield( const int status, const std::string& body, const std::function< void ( const std::shared_ptr< Session > ) >& callback = nullptr )
            {
                (void) status, (void) body, (void) callback;
            }
            void fetch( const std::size_t length, const std::function< void ( const std::shared_ptr< Session >, const Bytes& ) >& callback )
            {
                (void) length, (void) callback;
            }
            void sleep_for( const std::chrono::milliseconds& delay, const std::function< void ( const std::shared_ptr< Session > ) >& callback )
            {
                (void) delay, (void) callback;
            }

            const std::string& get_id( void ) const { return m_id; }
            const std::shared_ptr< const Request > get_request( void ) const { return m_request; }

        private:
            Session( void ) = delete;
            Session( const Session& original ) = delete;
            Session& operator =( const Session& value ) = delete;

            std::string m_id;
            std::shared_ptr< const Request > m_request;
    };
}
