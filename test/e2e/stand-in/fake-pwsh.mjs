#!/usr/bin/env node
// PowerShell stand-in with shell integration; see stand-in.mjs.
import { runStandIn } from './stand-in.mjs';

runStandIn({ shellIntegration: true });
