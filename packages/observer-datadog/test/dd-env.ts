// dd-trace reads these when it loads: nothing but traces to the fake agent.
process.env.DD_INSTRUMENTATION_TELEMETRY_ENABLED = 'false';
process.env.DD_REMOTE_CONFIGURATION_ENABLED = 'false';
process.env.DD_TRACE_STARTUP_LOGS = 'false';
process.env.DD_RUNTIME_METRICS_ENABLED = 'false';
process.env.DD_PROFILING_ENABLED = 'false';
