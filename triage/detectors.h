// One detection function per heuristic. Each reads the report view and
// fills `hit` with signatures, evidence and tags; a hit left without a
// signature means the heuristic did not fire.
#pragma once

#include "triage/hit.h"
#include "triage/report_view.h"
#include "triage/triage.h"

namespace emu::triage {

using Detector = void (*)(const ReportView&, const Settings&, Hit&);

// loader-level facts
void detect_tls_callbacks(const ReportView&, const Settings&, Hit&);        // 1
// memory and code
void detect_rwx_memory(const ReportView&, const Settings&, Hit&);           // 2
void detect_dynamic_code(const ReportView&, const Settings&, Hit&);         // 6
void detect_unpacked_code(const ReportView&, const Settings&, Hit&);        // 20
void detect_rwx_code_executed(const ReportView&, const Settings&, Hit&);    // 21
// API usage
void detect_suspicious_dll(const ReportView&, const Settings&, Hit&);       // 3
void detect_getprocaddress_count(const ReportView&, const Settings&, Hit&); // 4
void detect_suspicious_api(const ReportView&, const Settings&, Hit&);       // 5
// self-resolved APIs
void detect_shellcode(const ReportView&, const Settings&, Hit&);            // 7
void detect_export_walking(const ReportView&, const Settings&, Hit&);       // 12
// process injection
void detect_remote_thread_injection(const ReportView&, const Settings&, Hit&);  // 8
void detect_process_hollowing(const ReportView&, const Settings&, Hit&);        // 9
void detect_thread_hijacking(const ReportView&, const Settings&, Hit&);         // 10
void detect_apc_injection(const ReportView&, const Settings&, Hit&);            // 11
// evasion
void detect_debugger_checks(const ReportView&, const Settings&, Hit&);      // 13
void detect_sandbox_checks(const ReportView&, const Settings&, Hit&);       // 14
// persistence
void detect_run_key_persistence(const ReportView&, const Settings&, Hit&);  // 15
void detect_service_persistence(const ReportView&, const Settings&, Hit&);  // 16
// network and files
void detect_network_activity(const ReportView&, const Settings&, Hit&);     // 17
void detect_download(const ReportView&, const Settings&, Hit&);             // 18
void detect_dropped_executable(const ReportView&, const Settings&, Hit&);   // 19
// processes
void detect_command_shell(const ReportView&, const Settings&, Hit&);        // 22

// The command a process_create event or a CreateProcess / WinExec /
// ShellExecute call runs ("" for other events).
std::string process_command(const EventView& ev);

// Tags that describe the run without scoring it (mutexes, created
// registry keys, child processes, contacted hosts).
TagSet collect_indicators(const ReportView&);

}  // namespace emu::triage
