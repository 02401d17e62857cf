; Calls kernel32!GetTickCount forever, resolved by walking PEB->Ldr and the
; export table by name. Only the API-call limit or the timeout ends it.
; Position independent: [esp] holds the address of `base` throughout.
bits 32
    call base
base:
    mov eax, [fs:0x30]              ; PEB
    mov eax, [eax + 0x0c]           ; PEB_LDR_DATA
    mov esi, [eax + 0x14]           ; InMemoryOrderModuleList.Flink (main image)
next_module:
    mov ebx, [esi + 0x10]           ; DllBase (entry - 8 + 0x18)
    mov edi, [esi + 0x28]           ; BaseDllName.Buffer (at 0x30 in the entry; esi = entry + 8)
    test edi, edi
    jz advance
    mov edx, [esp]
    lea edx, [edx + name_kernel32 - base]
    ; compare the UTF-16 name's first 8 letters with "kernel32" (any case)
    xor ecx, ecx
cmp_name:
    movzx eax, word [edi + ecx*2]
    or al, 0x20
    cmp al, [edx + ecx]
    jne advance
    inc ecx
    cmp ecx, 8
    jb cmp_name
    jmp found_kernel32
advance:
    mov esi, [esi]                  ; Flink
    jmp next_module
found_kernel32:
    mov eax, [ebx + 0x3c]           ; e_lfanew
    mov edx, [ebx + eax + 0x78]     ; export directory RVA
    add edx, ebx
    mov ecx, [edx + 0x18]           ; NumberOfNames
    mov ebp, [edx + 0x20]           ; AddressOfNames RVA
    add ebp, ebx
find_name:
    dec ecx
    js not_found
    mov esi, [ebp + ecx*4]
    add esi, ebx
    mov edi, [esp]
    lea edi, [edi + name_gettickcount - base]
    push ecx
    mov ecx, 13                     ; "GetTickCount" + NUL
    repe cmpsb
    pop ecx
    jne find_name
    mov esi, [edx + 0x24]           ; AddressOfNameOrdinals RVA
    add esi, ebx
    movzx ecx, word [esi + ecx*2]
    mov esi, [edx + 0x1c]           ; AddressOfFunctions RVA
    add esi, ebx
    mov esi, [esi + ecx*4]
    add esi, ebx                    ; GetTickCount (stdcall, no arguments)
call_forever:
    call esi
    jmp call_forever
not_found:
    ud2
name_kernel32:     db "kernel32"
name_gettickcount: db "GetTickCount", 0
