import '@mantine/core/styles.css';
import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode, lazy } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Route, Routes } from 'react-router';
import { LoginPage } from './auth/LoginPage';
import { SessionProvider } from './auth/session';
import { AppLayout } from './layout/AppLayout';
import { NotFoundPage } from './pages/NotFoundPage';

// Each page is its own chunk, loaded when first opened: the login page does not wait for the charts.
const DashboardPage = lazy(() => import('./pages/dashboard/DashboardPage').then((m) => ({ default: m.DashboardPage })));
const CampaignsPage = lazy(() => import('./pages/campaigns/CampaignsPage').then((m) => ({ default: m.CampaignsPage })));
const CampaignPage = lazy(() => import('./pages/campaigns/CampaignPage').then((m) => ({ default: m.CampaignPage })));
const ContactsPage = lazy(() => import('./pages/contacts/ContactsPage').then((m) => ({ default: m.ContactsPage })));
const CallsPage = lazy(() => import('./pages/calls/CallsPage').then((m) => ({ default: m.CallsPage })));
const ScriptsPage = lazy(() => import('./pages/scripts/ScriptsPage').then((m) => ({ default: m.ScriptsPage })));
const DncPage = lazy(() => import('./pages/dnc/DncPage').then((m) => ({ default: m.DncPage })));
const UsersPage = lazy(() => import('./pages/admin/UsersPage').then((m) => ({ default: m.UsersPage })));
const ApiKeysPage = lazy(() => import('./pages/admin/ApiKeysPage').then((m) => ({ default: m.ApiKeysPage })));

const queryClient = new QueryClient({
  defaultOptions: {
    // Fresh data comes from the live event stream (which reloads everything when it reopens); a failed
    // request shows its error at once rather than retrying behind a spinner.
    queries: { staleTime: 30_000, retry: false },
  },
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider>
      <QueryClientProvider client={queryClient}>
        <SessionProvider>
          <BrowserRouter>
            <Routes>
              <Route path="/login" element={<LoginPage />} />
              <Route element={<AppLayout />}>
                <Route index element={<DashboardPage />} />
                <Route path="campaigns" element={<CampaignsPage />} />
                <Route path="campaigns/:id" element={<CampaignPage />} />
                <Route path="contacts" element={<ContactsPage />} />
                <Route path="calls" element={<CallsPage />} />
                <Route path="scripts" element={<ScriptsPage />} />
                <Route path="dnc" element={<DncPage />} />
                <Route path="users" element={<UsersPage />} />
                <Route path="api-keys" element={<ApiKeysPage />} />
                <Route path="*" element={<NotFoundPage />} />
              </Route>
            </Routes>
          </BrowserRouter>
        </SessionProvider>
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
