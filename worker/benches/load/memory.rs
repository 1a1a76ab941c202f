//! A process's resident memory, from /proc (Linux).

/// VmHWM of a process: its peak resident memory since start or the last [`reset_peak`], in KiB.
pub fn peak_rss_kb(pid: u32) -> u64 {
    status_kb(pid, "VmHWM:")
}

/// VmRSS of a process now, in KiB.
pub fn current_rss_kb(pid: u32) -> u64 {
    status_kb(pid, "VmRSS:")
}

/// Starts a new peak: VmHWM becomes the current RSS (writing 5 to /proc/PID/clear_refs,
/// Linux ≥ 4.0). Without the right to write there, the peak stays the one since start.
pub fn reset_peak(pid: u32) {
    let _ = std::fs::write(format!("/proc/{pid}/clear_refs"), "5");
}

fn status_kb(pid: u32, field: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}
