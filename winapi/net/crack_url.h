// InternetCrackUrl / WinHttpCrackUrl: splitting a URL into the fields of a
// guest URL_COMPONENTS structure, with the documented rules for each field
// (a buffer to copy into, or a pointer into the caller's string).
#pragma once

#include <cstdint>
#include <string>

namespace emu::winapi {

class Call;

// `url` is the guest's string as text; `url_ptr` its guest address; `wide`
// whether it is UTF-16. Returns the API's BOOL result (setting the last error
// on failure).
uint64_t crack_url(Call& c, const std::string& url, uint64_t url_ptr, bool wide, uint64_t components);

}  // namespace emu::winapi
