#!/usr/bin/env node
// PowerShell stand-in without shell integration, as when VS Code's
// integration is off or fails to load; see stand-in.mjs.
import { runStandIn } from './stand-in.mjs';

runStandIn({ shellIntegration: false });
