import { AppShell, Badge, Burger, Button, Group, NavLink, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { NavLink as RouterLink, Navigate, Outlet, useLocation } from 'react-router';
import { Suspense } from 'react';
import { useLiveEvents } from '../api/live-events';
import { useSession } from '../auth/session';
import { Loading } from '../components/states';

const PAGES = [
  { to: '/', label: 'Dashboard' },
  { to: '/campaigns', label: 'Campaigns' },
  { to: '/contacts', label: 'Contacts' },
  { to: '/calls', label: 'Calls' },
  { to: '/scripts', label: 'Scripts' },
  { to: '/dnc', label: 'Do not call' },
  { to: '/users', label: 'Users', admin: true },
  { to: '/api-keys', label: 'API keys', admin: true },
];

const LIVE_LABEL = { connecting: 'Connecting…', live: 'Live', reconnecting: 'Reconnecting…' } as const;

/** Header, navigation (a drawer at phone width) and the live event stream for every signed-in page. */
export function AppLayout() {
  const { token, principal, logout } = useSession();
  const [opened, { toggle, close }] = useDisclosure();
  const location = useLocation();
  const live = useLiveEvents(token !== null);

  if (!token) return <Navigate to="/login" replace state={{ from: location.pathname }} />;

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 210, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <Title order={1} size="h4">
              AI Dialer
            </Title>
            <Badge color={live === 'live' ? 'green' : 'gray'} variant="light" role="status" aria-label={`Live updates: ${LIVE_LABEL[live]}`}>
              {LIVE_LABEL[live]}
            </Badge>
          </Group>
          <Group gap="sm" wrap="nowrap">
            {principal && (
              <Text size="sm" visibleFrom="sm" data-testid="role">
                {principal.role}
              </Text>
            )}
            <Button variant="default" size="xs" onClick={logout}>
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label="Main">
        {PAGES.filter((page) => !page.admin || principal?.role === 'admin').map((page) => (
          <NavLink key={page.to} component={RouterLink} to={page.to} active={page.to === '/' ? location.pathname === '/' : location.pathname.startsWith(page.to)} label={page.label} onClick={close} />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}
