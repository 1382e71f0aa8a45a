import '@mantine/core/styles.css';
import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Route, Routes } from 'react-router';
import { LoginPage } from './auth/LoginPage';
import { SessionProvider } from './auth/session';
import { AppLayout } from './layout/AppLayout';
import { ApiKeysPage } from './pages/admin/ApiKeysPage';
import { UsersPage } from './pages/admin/UsersPage';
import { CallsPage } from './pages/calls/CallsPage';
import { CampaignPage } from './pages/campaigns/CampaignPage';
import { CampaignsPage } from './pages/campaigns/CampaignsPage';
import { ContactsPage } from './pages/contacts/ContactsPage';
import { DashboardPage } from './pages/dashboard/DashboardPage';
import { DncPage } from './pages/dnc/DncPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { ScriptsPage } from './pages/scripts/ScriptsPage';

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
