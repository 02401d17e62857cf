#define BOOST_TEST_MODULE winapi
#include <boost/test/unit_test.hpp>
