// Heuristic 16 (service persistence, T1543.003) and 5.
#include <windows.h>

int main(void) {
  SC_HANDLE scm = OpenSCManagerA(NULL, NULL, SC_MANAGER_ALL_ACCESS);
  if (!scm) return 1;
  SC_HANDLE svc = CreateServiceA(scm, "TriageGuestSvc", "Triage Guest Service", SERVICE_ALL_ACCESS,
                                 SERVICE_WIN32_OWN_PROCESS, SERVICE_AUTO_START, SERVICE_ERROR_NORMAL,
                                 "C:\\Windows\\triage_guest_svc.exe", NULL, NULL, NULL, NULL, NULL);
  if (svc) {
    StartServiceA(svc, 0, NULL);
    CloseServiceHandle(svc);
  }
  CloseServiceHandle(scm);
  return 0;
}
