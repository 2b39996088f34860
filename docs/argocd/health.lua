-- Argo CD health check for Keyward resources (ApiUser, ApiToken, Application).
-- Install it for each kind under resource.customizations.health.keyward.dev_<Kind> in argocd-cm.
local hs = {}
if obj.status == nil or obj.status.phase == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for Keyward to reconcile"
  return hs
end
if obj.metadata.generation ~= nil and obj.status.observedGeneration ~= nil
    and obj.status.observedGeneration < obj.metadata.generation then
  hs.status = "Progressing"
  hs.message = "Waiting for Keyward to reconcile the latest spec"
  return hs
end

-- The Ready condition's message says why; fall back to the phase.
local message = obj.status.phase
local expiringSoon = nil
if obj.status.conditions ~= nil then
  for _, condition in ipairs(obj.status.conditions) do
    if condition.type == "Ready" and condition.message ~= nil and condition.message ~= "" then
      message = condition.message
    end
    if condition.type == "ExpiringSoon" and condition.status == "True" then
      expiringSoon = condition.message or "expiring soon"
    end
  end
end
hs.message = message

local phase = obj.status.phase
if phase == "Active" and expiringSoon ~= nil then
  -- Still verifies, but a non-rolling key or app secret runs out soon: someone must act.
  hs.status = "Degraded"
  hs.message = expiringSoon
elseif phase == "Active" then
  hs.status = "Healthy"
elseif phase == "Pending" then
  -- Waiting for its owner ApiUser: GitOps may apply in any order.
  hs.status = "Progressing"
elseif phase == "Disabled" then
  -- Turned off on purpose (spec.enabled: false or a disabled owner): not a failure.
  hs.status = "Suspended"
elseif phase == "Deprecated" then
  -- The key verifies for no call until someone rotates it (kubectl keyward rotate).
  hs.status = "Degraded"
elseif phase == "Expired" or phase == "Invalid" then
  hs.status = "Degraded"
else
  hs.status = "Unknown"
end
return hs
