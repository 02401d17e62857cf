// The heuristic table. Ids 1-7 keep the names and scores of the original
// Speakeasy Assemblyline service; 8 and up add ATT&CK-mapped behaviours.
// ATT&CK ids come only from ../shared/assemblyline/ATTACK.md (a test checks).
// service/assemblyline/service_manifest.yml repeats this table (a test checks).
#include <algorithm>

#include "triage/triage.h"

namespace emu::triage {

const std::vector<Heuristic>& heuristics() {
  static const std::vector<Heuristic> table = {
      {1, "Multiple TLS Callbacks Detected", 100, {},
       "The image has more than one TLS callback; each runs before the entry point, a place to hide code."},
      {2, "VirtualAlloc with Execute/Write Permissions", 150, {},
       "Memory was allocated or re-protected as both writable and executable (PAGE_EXECUTE_READWRITE)."},
      {3, "Loads Potentially Suspicious DLL", 75, {"T1129"},
       "A DLL from the configured list of suspicious DLLs (SUS_DLLS) was loaded at run time."},
      {4, "High Number of GetProcAddress Calls", 60, {"T1027.007"},
       "GetProcAddress was called at least GETPROCADDR_THRESHOLD times: imports resolved at run time."},
      {5, "Calls Suspicious API Function", 120, {"T1106"},
       "An API from the configured list of suspicious APIs (SUS_APIS) was called."},
      {6, "Dynamic Code Segments Detected", 130, {},
       "Code ran from memory that was allocated or written at run time."},
      {7, "Shellcode detected", 1000, {"T1027.007"},
       "Position-independent code called Windows APIs that it resolved itself (PEB walk, export-table "
       "parsing or GetProcAddress): raw shellcode, or code running in memory a PE allocated."},
      {8, "Process Injection via Remote Thread", 500, {"T1055"},
       "Memory of another process was written and a thread was started in it."},
      {9, "Process Hollowing", 700, {"T1055.012"},
       "A process was created suspended, its memory unmapped or overwritten and its thread resumed."},
      {10, "Thread Execution Hijacking", 500, {"T1055.003"},
       "A thread was suspended, another process written and the thread's context redirected."},
      {11, "APC Injection", 500, {"T1055.004"},
       "An asynchronous procedure call was queued to a thread of a process whose memory was written."},
      {12, "Resolves APIs by Walking Export Tables", 300, {"T1027.007"},
       "APIs were called through addresses found by parsing module export tables, not through imports or "
       "GetProcAddress."},
      {13, "Debugger Detection", 100, {"T1622"},
       "The program checked for a debugger (IsDebuggerPresent, debug port queries, debugger windows, ...)."},
      {14, "Sandbox or Virtual Machine Detection", 100, {"T1497"},
       "The program looked for artefacts of virtual machines or analysis sandboxes, or stalled with long sleeps."},
      {15, "Persistence via Registry Run Key or Startup Folder", 400, {"T1547.001"},
       "A value was written under a Run key (or Winlogon Shell/Userinit), or a file placed in a Startup folder."},
      {16, "Persistence via Windows Service", 400, {"T1543.003"},
       "A Windows service was created, through the service manager or its registry key."},
      {17, "Network Activity", 100, {"T1071"},
       "The program resolved host names or talked to remote hosts; the hosts and URLs are tagged."},
      {18, "Downloads a File", 300, {"T1105"},
       "Data was fetched from the network and written to a file (URLDownloadToFile, read then write, "
       "download commands)."},
      {19, "Drops an Executable File", 250, {"T1105"},
       "A file with an executable or script extension was written."},
      {20, "Unpacked Code Executed", 200, {"T1027.002"},
       "Code the image wrote over its own sections ran: the image unpacked itself in place."},
      {21, "Executes Code from Writable and Executable Memory", 250, {"T1620"},
       "Code ran from memory that the program had allocated or re-protected as writable and executable."},
      {22, "Launches the Windows Command Shell", 150, {"T1059.003"},
       "A cmd.exe process was started; its command line is tagged."},
  };
  return table;
}

const Heuristic* find_heuristic(int id) {
  const auto& t = heuristics();
  auto it = std::find_if(t.begin(), t.end(), [id](const Heuristic& h) { return h.id == id; });
  return it == t.end() ? nullptr : &*it;
}

}  // namespace emu::triage
