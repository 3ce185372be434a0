-- Headless smoke test of `cxlint lsp` with Neovim's own LSP client (Neovim 0.7 or later).
--
-- Starts the server named by $CXLINT (`$CXLINT lsp`), opens a plan, and waits up to
-- 20 seconds for `textDocument/publishDiagnostics` with at least one diagnostic for it.
-- Prints the number of diagnostics Neovim holds for the plan and exits 0 when there was
-- at least one; 1 when none arrived in time, the server exited, or it could not start.
--
--   CXLINT=/path/to/cxlint nvim --headless -u NONE -c 'luafile editors/nvim/smoke.lua'
--
-- Optional: CXLINT_PLAN (default examples/saas-growth.cxp, relative to the current
-- folder), CXLINT_SMOKE_TIMEOUT_MS (default 20000).

local TIMEOUT_MS = tonumber(os.getenv('CXLINT_SMOKE_TIMEOUT_MS') or '') or 20000

local function say(line)
  io.stdout:write('nvim-smoke: ' .. line .. '\n')
  io.stdout:flush()
end

-- Leave Neovim with an exit code; the server is stopped on the way out.
local function finish(code)
  if code == 0 then
    vim.cmd('qall!')
  else
    vim.cmd('cquit ' .. code)
  end
end

local function log_tail()
  local ok, path = pcall(vim.lsp.get_log_path)
  if not ok or vim.fn.filereadable(path) == 0 then
    return
  end
  local lines = vim.fn.readfile(path)
  if #lines == 0 then
    return
  end
  say('the last lines of the LSP log (' .. path .. '):')
  for i = math.max(1, #lines - 15), #lines do
    io.stdout:write('  ' .. lines[i] .. '\n')
  end
end

local function run()
  local cxlint = os.getenv('CXLINT')
  if cxlint == nil or cxlint == '' then
    say('FAILED: set CXLINT to the cxlint program, e.g. CXLINT=target/debug/cxlint')
    return 1
  end
  if vim.fn.executable(cxlint) ~= 1 then
    say('FAILED: CXLINT=' .. cxlint .. ' is not a program that can be run')
    return 1
  end
  local plan = vim.fn.fnamemodify(os.getenv('CXLINT_PLAN') or 'examples/saas-growth.cxp', ':p')
  if vim.fn.filereadable(plan) == 0 then
    say('FAILED: no plan at ' .. plan)
    return 1
  end

  vim.cmd('edit ' .. vim.fn.fnameescape(plan))
  local bufnr = vim.api.nvim_get_current_buf()
  vim.bo[bufnr].filetype = 'cxp'
  local want = vim.fn.resolve(plan)

  local published = nil -- the diagnostics of the first non-empty publication for the plan
  local exited = nil
  local default_handler = vim.lsp.handlers['textDocument/publishDiagnostics']

  local started, client_id = pcall(vim.lsp.start_client, {
    name = 'cxlint',
    cmd = { cxlint, 'lsp' },
    root_dir = vim.fn.getcwd(),
    handlers = {
      ['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
        default_handler(err, result, ctx, config)
        if result and vim.fn.resolve(vim.uri_to_fname(result.uri)) == want and #result.diagnostics > 0 then
          published = published or result.diagnostics
        end
      end,
    },
    on_exit = function(code, signal)
      exited = { code = code, signal = signal }
    end,
  })
  if not started or not client_id then
    say('FAILED: could not start "' .. cxlint .. ' lsp": ' .. tostring(client_id))
    return 1
  end
  vim.lsp.buf_attach_client(bufnr, client_id)

  local start = vim.loop.hrtime()
  vim.wait(TIMEOUT_MS, function()
    return published ~= nil or exited ~= nil
  end, 50)
  local waited = (vim.loop.hrtime() - start) / 1e6

  if published == nil then
    if exited ~= nil then
      say(string.format('FAILED: the server exited (code %s, signal %s) before sending diagnostics',
        tostring(exited.code), tostring(exited.signal)))
    else
      say(string.format('FAILED: no diagnostics for %s within %d ms', plan, TIMEOUT_MS))
    end
    log_tail()
    return 1
  end

  local held = vim.diagnostic.get(bufnr)
  say(string.format('%d diagnostics for %s after %d ms (%d published)', #held, vim.fn.fnamemodify(plan, ':.'),
    waited, #published))
  for _, d in ipairs(held) do
    local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or ''
    io.stdout:write(string.format('  %d:%d %s %s\n', d.lnum + 1, d.col + 1, tostring(code), (d.message:gsub('\n.*', ''))))
  end
  if #held == 0 then
    say('FAILED: diagnostics arrived but Neovim holds none for the plan')
    return 1
  end
  -- A clean shutdown: the server answers `shutdown`, then leaves on `exit` with code 0.
  vim.lsp.stop_client(client_id)
  vim.wait(3000, function()
    return exited ~= nil
  end, 20)
  if exited == nil then
    say('note: the server was still running 3 s after shutdown; Neovim stops it on exit')
  elseif exited.code ~= 0 then
    say('note: the server exited with code ' .. tostring(exited.code) .. ' after shutdown')
  end
  return 0
end

local ok, result = xpcall(run, debug.traceback)
if not ok then
  say('FAILED: ' .. tostring(result))
  finish(1)
else
  finish(result)
end
