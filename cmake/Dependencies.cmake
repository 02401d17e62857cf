# Every dependency comes from a Debian 12 package; bootstrap.sh installs them.

find_package(zydis 4 REQUIRED)            # libzydis-dev
# Debian ships Boost 1.81 newer than this CMake's FindBoost table: its
# dependency guess is right for json and unit_test_framework, so no warning.
set(Boost_NO_WARN_NEW_VERSIONS ON)
find_package(Boost 1.81 EXACT REQUIRED COMPONENTS json unit_test_framework)  # libboost-json1.81-dev, libboost-test1.81-dev
find_package(Threads REQUIRED)

# liblief-dev (0.9) ships no CMake config: an imported target found by path.
find_library(LIEF_LIBRARY NAMES LIEF REQUIRED)
find_path(LIEF_INCLUDE_DIR NAMES LIEF/LIEF.hpp REQUIRED)
add_library(lief::lief UNKNOWN IMPORTED)
set_target_properties(lief::lief PROPERTIES
  IMPORTED_LOCATION "${LIEF_LIBRARY}"
  INTERFACE_SYSTEM_INCLUDE_DIRECTORIES "${LIEF_INCLUDE_DIR}")
